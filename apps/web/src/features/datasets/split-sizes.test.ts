import { describe, expect, it } from "vitest";
import { roundedShares } from "./split-sizes";

describe("split shares", () => {
  it("add up to 100% where rounding each alone would not", () => {
    // 1/3 each: 33.3 + 33.3 + 33.3 = 99.9 when rounded alone.
    expect(roundedShares([1, 1, 1])).toEqual([33.4, 33.3, 33.3]);
    // 19,089 / 184 / 479: 96.6 + 0.9 + 2.4 = 99.9 alone.
    const shares = roundedShares([19_089, 184, 479]);
    expect(shares).toEqual([96.7, 0.9, 2.4]);
    expect(Math.round(shares.reduce((a, b) => a + b, 0) * 10)).toBe(1000);
  });

  it("keeps exact shares and an empty total as they are", () => {
    expect(roundedShares([1, 1, 2])).toEqual([25, 25, 50]);
    expect(roundedShares([0, 0])).toEqual([0, 0]);
  });
});
