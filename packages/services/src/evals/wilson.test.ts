import { describe, expect, it } from "vitest";
import { pairedDifferenceInterval, wilsonInterval } from "./wilson.js";

describe("wilsonInterval", () => {
  it("matches the textbook values and is exact at the ends", () => {
    const [lo, hi] = wilsonInterval(81, 263);
    expect(lo).toBeCloseTo(0.2553, 4);
    expect(hi).toBeCloseTo(0.3662, 4);
    expect(wilsonInterval(0, 100)).toEqual([0, expect.closeTo(0.037, 3)]);
    expect(wilsonInterval(100, 100)[1]).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe("pairedDifferenceInterval", () => {
  const counts = (bothCorrect: number, onlyCandidate: number, onlyBaseline: number, bothWrong: number) => ({
    bothCorrect,
    onlyCandidate,
    onlyBaseline,
    bothWrong,
  });

  it("is the square-and-add of the two Wilson intervals when the results are uncorrelated", () => {
    // An untrained baseline gets nothing right: its column is constant, the correlation zero.
    const [lo, hi] = pairedDifferenceInterval(counts(0, 30, 0, 70));
    const [l1, u1] = wilsonInterval(30, 100);
    const [, u2] = wilsonInterval(0, 100);
    expect(lo).toBeCloseTo(0.3 - Math.hypot(0.3 - l1, u2), 12);
    expect(hi).toBeCloseTo(0.3 + (u1 - 0.3), 12);
    expect(lo).toBeGreaterThan(0);
  });

  it("narrows when the two models agree on most items (paired data)", () => {
    // Same marginals (60% against 50%), once with the items shared, once independent-looking.
    const agreeing = pairedDifferenceInterval(counts(50, 10, 0, 40));
    const independent = pairedDifferenceInterval(counts(30, 30, 20, 20));
    expect(agreeing[1] - agreeing[0]).toBeLessThan(independent[1] - independent[0]);
    expect(agreeing[0]).toBeGreaterThan(0);
    expect(independent[0]).toBeLessThan(0);
  });

  it("contains the estimate, stays inside [-1, 1] and turns over when the roles swap", () => {
    for (const c of [counts(0, 100, 0, 0), counts(5, 3, 9, 83), counts(40, 0, 0, 60), counts(0, 0, 0, 1)]) {
      const [lo, hi] = pairedDifferenceInterval(c);
      const d =
        (c.onlyCandidate - c.onlyBaseline) / (c.bothCorrect + c.onlyCandidate + c.onlyBaseline + c.bothWrong);
      expect(lo).toBeLessThanOrEqual(d + 1e-12);
      expect(hi).toBeGreaterThanOrEqual(d - 1e-12);
      expect(lo).toBeGreaterThanOrEqual(-1);
      expect(hi).toBeLessThanOrEqual(1);
      const [slo, shi] = pairedDifferenceInterval({
        ...c,
        onlyCandidate: c.onlyBaseline,
        onlyBaseline: c.onlyCandidate,
      });
      expect(slo).toBeCloseTo(-hi, 12);
      expect(shi).toBeCloseTo(-lo, 12);
    }
    expect(pairedDifferenceInterval(counts(0, 0, 0, 0))).toEqual([-1, 1]);
  });
});
