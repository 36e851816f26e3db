/** Equal-width histogram of sorted integer lengths: `bins` buckets over [min, max], last one inclusive. */
export function tokenHistogram(sorted: number[], bins: number): { edges: number[]; counts: number[] } {
  if (sorted.length === 0) return { edges: [0, 1], counts: [0] };
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const n = max === min ? 1 : bins;
  const width = max === min ? 1 : (max - min) / n;
  const edges = Array.from({ length: n + 1 }, (_, i) => Math.round((min + i * width) * 100) / 100);
  const counts = new Array<number>(n).fill(0);
  for (const v of sorted) counts[Math.min(n - 1, Math.floor((v - min) / width))]!++;
  return { edges, counts };
}
