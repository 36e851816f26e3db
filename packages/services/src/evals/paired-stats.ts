import { createRng } from "../generators/prng.js";
import type { PairedCounts } from "./wilson.js";

const LN2 = Math.log(2);

/**
 * Exact two-sided McNemar test: of the items the two models disagree on (`b` only one got right,
 * `c` only the other), is the split further from even than chance makes likely? The p-value is
 * twice the smaller binomial tail of Bin(b + c, 1/2), capped at 1 (the binomial test scipy's
 * `binomtest(min(b, c), b + c)` computes). Summed in log space, so 100,000 flips do not underflow.
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // log P(X = i) for X ~ Bin(n, 1/2), by the ratio P(i + 1) / P(i) = (n − i) / (i + 1).
  let logP = -n * LN2;
  let max = logP;
  const terms = [logP];
  for (let i = 0; i < k; i++) {
    logP += Math.log((n - i) / (i + 1));
    terms.push(logP);
    if (logP > max) max = logP;
  }
  const tail = Math.exp(max) * terms.reduce((s, t) => s + Math.exp(t - max), 0);
  return Math.min(1, 2 * tail);
}

export interface BootstrapResult {
  ci95: [number, number];
  resamples: number;
  seed: number;
}

/** Draws per item resampled in all (n × resamples), kept under this to bound the time on huge sets. */
const WORK_MAX = 20_000_000;

/**
 * Paired bootstrap of the accuracy difference (candidate − baseline): resample the items with
 * replacement, keeping each item's pair of results together, and take the 2.5th and 97.5th
 * percentiles of the resampled differences. Seeded, so the same comparison gives the same
 * interval. Up to 2,000 resamples, fewer on very large sets (the count used is reported).
 */
export function pairedBootstrap(c: PairedCounts, seed = 0, wanted = 2000): BootstrapResult {
  const n = c.bothCorrect + c.onlyCandidate + c.onlyBaseline + c.bothWrong;
  const resamples = n === 0 ? 0 : Math.max(200, Math.min(wanted, Math.floor(WORK_MAX / n)));
  if (n === 0) return { ci95: [-1, 1], resamples, seed };
  // Items as their contribution to the difference: +1 only the candidate right, −1 only the baseline.
  const up = c.onlyCandidate;
  const down = c.onlyCandidate + c.onlyBaseline;
  const rng = createRng(seed, 0xb007);
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(rng.next() * n);
      if (pick < up) sum++;
      else if (pick < down) sum--;
    }
    diffs[r] = sum / n;
  }
  diffs.sort();
  const at = (q: number) => diffs[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  return { ci95: [at(0.025), at(0.975)], resamples, seed };
}
