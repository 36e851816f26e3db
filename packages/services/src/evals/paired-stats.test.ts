import { describe, expect, it } from "vitest";
import { createRng } from "../generators/prng.js";
import { mcnemarExact, pairedBootstrap } from "./paired-stats.js";

describe("exact McNemar test", () => {
  it("matches scipy.stats.binomtest(min(b, c), b + c).pvalue", () => {
    // Reference values from scipy 1.x, computed outside this code base.
    const cases: Array<[number, number, number]> = [
      [0, 5, 0.0625],
      [3, 10, 0.09228515625],
      [10, 10, 1],
      [1, 0, 1],
      [12, 25, 0.04703102743951604],
      [150, 190, 0.0342700465332939],
    ];
    for (const [b, c, p] of cases) expect(mcnemarExact(b, c)).toBeCloseTo(p, 12);
    expect(mcnemarExact(0, 0)).toBe(1);
  });

  it("stays finite and symmetric for 100,000 disagreements", () => {
    const p = mcnemarExact(49_000, 51_000);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-8);
    expect(mcnemarExact(51_000, 49_000)).toBe(p);
  });
});

describe("paired bootstrap interval", () => {
  const counts = { bothCorrect: 28, onlyCandidate: 4, onlyBaseline: 2, bothWrong: 6 };

  it("is the same for the same seed, and brackets the observed difference", () => {
    const a = pairedBootstrap(counts, 7);
    expect(pairedBootstrap(counts, 7)).toEqual(a);
    expect(a.resamples).toBe(2000);
    const observed = (4 - 2) / 40;
    expect(a.ci95[0]).toBeLessThanOrEqual(observed);
    expect(a.ci95[1]).toBeGreaterThanOrEqual(observed);
    // Resampled differences are whole items out of 40.
    for (const bound of a.ci95) expect(Math.abs(bound * 40 - Math.round(bound * 40))).toBeLessThan(1e-9);
    // The normal approximation's ±1.96 se is ±0.062 here; the bootstrap's is close to it.
    const se = Math.sqrt((6 / 40 - observed ** 2) / 40);
    expect(a.ci95[0]).toBeGreaterThan(observed - 1.96 * se - 0.03);
    expect(a.ci95[1]).toBeLessThan(observed + 1.96 * se + 0.03);
  });

  it("is about ±1.96 standard errors wide on a large set, as theory says", () => {
    // 1000 items, 100 only-candidate, 60 only-baseline: sd of the difference ≈ sqrt((0.16 − 0.04²)/1000).
    const big = { bothCorrect: 600, onlyCandidate: 100, onlyBaseline: 60, bothWrong: 240 };
    const { ci95 } = pairedBootstrap(big, 1);
    const se = Math.sqrt((0.16 - 0.04 ** 2) / 1000);
    expect(ci95[0]).toBeCloseTo(0.04 - 1.96 * se, 2);
    expect(ci95[1]).toBeCloseTo(0.04 + 1.96 * se, 2);
  });

  it("agrees with nothing when there is nothing, and stays exact and quick on 100,000 items", () => {
    expect(pairedBootstrap({ bothCorrect: 0, onlyCandidate: 0, onlyBaseline: 0, bothWrong: 0 }).ci95).toEqual(
      [-1, 1],
    );
    const huge = pairedBootstrap(
      { bothCorrect: 50_000, onlyCandidate: 2_000, onlyBaseline: 1_000, bothWrong: 47_000 },
      3,
    );
    expect(huge.resamples).toBe(2000);
    const se = Math.sqrt((0.03 - 0.01 ** 2) / 100_000);
    expect(huge.ci95[0]).toBeCloseTo(0.01 - 1.96 * se, 3);
    expect(huge.ci95[1]).toBeCloseTo(0.01 + 1.96 * se, 3);
  });

  it("matches resampling the items one by one, in distribution", () => {
    // The same counts resampled naively (40 draws per resample): the intervals agree within an item.
    const rng = createRng(11, 1);
    const naive: number[] = [];
    for (let r = 0; r < 4000; r++) {
      let s = 0;
      for (let i = 0; i < 40; i++) {
        const pick = Math.floor(rng.next() * 40);
        if (pick < counts.onlyCandidate) s++;
        else if (pick < counts.onlyCandidate + counts.onlyBaseline) s--;
      }
      naive.push(s / 40);
    }
    naive.sort((a, b) => a - b);
    const ours = pairedBootstrap(counts, 11, 4000).ci95;
    expect(Math.abs(ours[0] - naive[Math.round(0.025 * 3999)]!)).toBeLessThanOrEqual(0.0251);
    expect(Math.abs(ours[1] - naive[Math.round(0.975 * 3999)]!)).toBeLessThanOrEqual(0.0251);
  });
});
