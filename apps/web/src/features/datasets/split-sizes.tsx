import { formatCount } from "../../shared/format";

const SPLITS = ["train", "val", "test"] as const;

/** train · val · test in that order, whatever order the server's object has. */
export function orderedSplits(counts: Record<string, number>): { name: string; count: number }[] {
  const known = SPLITS.map((name) => ({ name, count: counts[name] ?? 0 }));
  const other = Object.keys(counts)
    .filter((k) => !(SPLITS as readonly string[]).includes(k))
    .map((name) => ({ name, count: counts[name] ?? 0 }));
  return [...known, ...other];
}

/** Compact "111 / 21 / 18" with the names in the title; empty splits shown as a dash. */
export function SplitCounts({ counts, testId }: { counts: Record<string, number>; testId?: string }) {
  const splits = orderedSplits(counts).filter((s) => s.count > 0);
  if (splits.length === 0) return <span className="muted">—</span>;
  return (
    <span className="split-counts" data-testid={testId}>
      {splits.map((s) => (
        <span key={s.name} className={`split-chip split-${s.name}`} title={`${s.name}: ${s.count}`}>
          {s.name} {formatCount(s.count)}
        </span>
      ))}
    </span>
  );
}

/**
 * Percentages of the total, rounded to `digits` so that they still add up to 100 (largest
 * remainder: the parts that lost most to rounding get the spare tenths), where rounding each
 * alone can give 100.1% or 99.9%.
 */
export function roundedShares(counts: readonly number[], digits = 1): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return counts.map(() => 0);
  const unit = 10 ** digits;
  const exact = counts.map((c) => (c / total) * 100 * unit);
  const floors = exact.map(Math.floor);
  let spare = 100 * unit - floors.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - floors[i]!, i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (spare <= 0) break;
    floors[i]! += 1;
    spare -= 1;
  }
  return floors.map((f) => f / unit);
}
