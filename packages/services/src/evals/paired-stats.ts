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

/**
 * Draws from Bin(n, p) by inverting its cumulative distribution, tabulated once (log-space
 * recurrence, so n = 100,000 does not underflow) and searched by bisection: O(log n) a draw.
 */
function binomialSampler(n: number, p: number): (u: number) => number {
  if (n === 0 || p <= 0) return () => 0;
  if (p >= 1) return () => n;
  const cdf = new Float64Array(n + 1);
  const ratio = p / (1 - p);
  let sum = 0;
  const first = Math.exp(n * Math.log1p(-p));
  if (first > 1e-290) {
    // P(0) is representable: multiply along, P(k + 1) = P(k) · (n − k) / (k + 1) · p / (1 − p).
    let pmf = first;
    for (let k = 0; k <= n; k++) {
      sum += pmf;
      cdf[k] = sum;
      pmf *= ((n - k) / (k + 1)) * ratio;
    }
  } else {
    // Large n: the same recurrence in logs, so the far tail underflows to 0 harmlessly.
    const logRatio = Math.log(ratio);
    let logPmf = n * Math.log1p(-p);
    for (let k = 0; k <= n; k++) {
      sum += Math.exp(logPmf);
      cdf[k] = sum;
      logPmf += Math.log((n - k) / (k + 1)) + logRatio;
    }
  }
  return (u) => {
    const target = u * sum;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * Paired bootstrap of the accuracy difference (candidate − baseline): resample the items with
 * replacement, keeping each item's pair of results together, and take the 2.5th and 97.5th
 * percentiles of the resampled differences. A resample of n items is multinomial over the four
 * kinds of item, and only the disagreements move the difference, so each resample draws how many
 * disagreements it holds (binomial) and how many of those favour the candidate (binomial): the
 * same distribution as drawing n items one by one, in two draws. Seeded: the same comparison gives
 * the same interval.
 */
export function pairedBootstrap(c: PairedCounts, seed = 0, resamples = 2000): BootstrapResult {
  const n = c.bothCorrect + c.onlyCandidate + c.onlyBaseline + c.bothWrong;
  if (n === 0) return { ci95: [-1, 1], resamples: 0, seed };
  const disagree = c.onlyCandidate + c.onlyBaseline;
  const rng = createRng(seed, 0xb007);
  const drawDisagreements = binomialSampler(n, disagree / n);
  const favour = new Map<number, (u: number) => number>();
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const d = drawDisagreements(rng.next());
    let up = favour.get(d);
    if (!up) {
      up = binomialSampler(d, disagree ? c.onlyCandidate / disagree : 0);
      favour.set(d, up);
    }
    const k = up(rng.next());
    diffs[r] = (k - (d - k)) / n;
  }
  diffs.sort();
  const at = (q: number) => diffs[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  return { ci95: [at(0.025), at(0.975)], resamples, seed };
}
