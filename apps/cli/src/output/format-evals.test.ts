import { describe, expect, it } from "vitest";
import { formatTokens } from "./format-evals.js";

describe("formatTokens", () => {
  it("groups large counts and keeps one decimal only for small ones", () => {
    expect(formatTokens(95_800)).toBe("95,800");
    expect(formatTokens(1234.56)).toBe("1,235");
    expect(formatTokens(67.54)).toBe("67.5");
    expect(formatTokens(12)).toBe("12");
  });
});
