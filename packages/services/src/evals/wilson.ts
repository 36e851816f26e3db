/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval for k successes in n trials: unlike the normal approximation it stays
 * inside [0, 1] and is honest at 0/n and n/n (0 of 100 correct is "0 to 3.7%", not "exactly 0").
 */
export function wilsonInterval(k: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At 0/n and n/n the bound is exactly 0 or 1; rounding must not make it 3e-18.
  return [k === 0 ? 0 : Math.max(0, center - half), k === n ? 1 : Math.min(1, center + half)];
}

/** The four cells of two evaluations of the same items, `candidate` against `baseline`. */
export interface PairedCounts {
  bothCorrect: number;
  onlyCandidate: number;
  onlyBaseline: number;
  bothWrong: number;
}

/**
 * 95% interval of the paired difference in accuracy (candidate − baseline) by Newcombe's hybrid
 * score method for paired proportions (Newcombe 1998, method 10): each accuracy's Wilson interval,
 * combined with the correlation of the two models' per-item results. Unlike the Wald interval it
 * stays inside [−1, 1] and is honest when one model gets everything, or nothing, right.
 */
export function pairedDifferenceInterval(c: PairedCounts, z = Z95): [number, number] {
  const n = c.bothCorrect + c.onlyCandidate + c.onlyBaseline + c.bothWrong;
  if (n === 0) return [-1, 1];
  const k1 = c.bothCorrect + c.onlyCandidate;
  const k2 = c.bothCorrect + c.onlyBaseline;
  const [p1, p2] = [k1 / n, k2 / n];
  const [l1, u1] = wilsonInterval(k1, n, z);
  const [l2, u2] = wilsonInterval(k2, n, z);
  const margins = k1 * (n - k1) * k2 * (n - k2);
  const phi =
    margins === 0 ? 0 : (c.bothCorrect * c.bothWrong - c.onlyCandidate * c.onlyBaseline) / Math.sqrt(margins);
  const below = Math.sqrt(Math.max(0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2));
  const above = Math.sqrt(Math.max(0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2));
  const d = p1 - p2;
  return [Math.max(-1, d - below), Math.min(1, d + above)];
}
