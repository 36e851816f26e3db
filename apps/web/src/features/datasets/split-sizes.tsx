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
