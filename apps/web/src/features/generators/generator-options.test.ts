import { describe, expect, it } from "vitest";
import { DEFAULT_CHOICES, requestOptions } from "./generator-options";

describe("requestOptions", () => {
  const arithmetic = ["difficulty", "digits", "steps"];

  it("sends the difficulty, and digits and steps only when changed from their defaults", () => {
    expect(requestOptions(arithmetic, DEFAULT_CHOICES)).toEqual({ difficulty: "mixed" });
    expect(requestOptions(arithmetic, { difficulty: "1", digits: "2", steps: "columns" })).toEqual({
      difficulty: 1,
      digits: 2,
      steps: "columns",
    });
  });

  it("sends nothing a generator does not offer", () => {
    expect(requestOptions([], { difficulty: "2", digits: "3", steps: "columns" })).toEqual({});
    expect(requestOptions(["difficulty"], { difficulty: "2", digits: "3", steps: "columns" })).toEqual({
      difficulty: 2,
    });
  });
});
