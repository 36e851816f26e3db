import { ApiError } from "@tunix-rt/client";
import { describe, expect, it } from "vitest";
import { describeError } from "./errors.js";

const URL = "http://127.0.0.1:8000";

describe("describeError", () => {
  it("prints the problem detail and one indented line per field error", () => {
    const err = new ApiError(
      422,
      {
        type: "urn:x",
        title: "Unprocessable Content",
        status: 422,
        detail: "Invalid query parameters",
        errors: [{ field: "query/limit", message: "Too big" }],
      },
      "HTTP 422",
    );
    expect(describeError(err, URL)).toBe(
      "error: Invalid query parameters (HTTP 422)\n  query/limit: Too big",
    );
  });

  it("says the server is unreachable when the connection is refused, however deeply wrapped", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const err = new TypeError("fetch failed", { cause: new AggregateError([refused], "") });
    expect(describeError(err, URL)).toBe(
      `error: cannot reach tunix-rt at ${URL} (is \`tunix-rt serve\` running?)`,
    );
  });

  it("shows the innermost message of anything else, without control characters", () => {
    const err = new Error("outer", { cause: new Error("inner \u001b[31mred") });
    expect(describeError(err, URL)).toBe("error: inner \uFFFD[31mred");
  });
});
