import type { RunComparison } from "@tunix-rt/contracts";

/** One colour per compared run, in order: distinct on white and on dark, and for most colour vision. */
export const RUN_COLORS = [
  "#2348b8",
  "#d1495b",
  "#17794a",
  "#8a5a00",
  "#7b3fa0",
  "#00798c",
  "#c2571a",
  "#5d6b7e",
];

type Point = { step: number; value: number };

/**
 * Several runs' points on one step axis, as uPlot wants them: the union of their steps, and per
 * run its value at each step or null where it logged none (drawn across, not as a drop to zero).
 */
export function overlay(
  runs: ReadonlyArray<readonly Point[] | undefined>,
): [number[], ...(number | null)[][]] {
  const steps = [...new Set(runs.flatMap((points) => (points ?? []).map((p) => p.step)))].sort(
    (a, b) => a - b,
  );
  const at = new Map(steps.map((s, i) => [s, i]));
  const columns = runs.map((points) => {
    const col: (number | null)[] = new Array(steps.length).fill(null);
    for (const p of points ?? []) col[at.get(p.step)!] = p.value;
    return col;
  });
  return [steps, ...columns];
}

/**
 * Short names for runs shown together: the usual 8-character prefix, or, where that is shared (ids
 * are time-ordered, so runs submitted together share it), the prefix and the id's last 4 characters.
 */
export function shortIds(ids: readonly string[]): string[] {
  const prefixes = ids.map((id) => id.slice(0, 8));
  const shared = new Set(prefixes.filter((p, i) => prefixes.indexOf(p) !== i));
  return ids.map((id, i) => (shared.has(prefixes[i]!) ? `${prefixes[i]}…${id.slice(-4)}` : prefixes[i]!));
}

/** "0190abcd · learning_rate 0.004 · lines 20": a run named by what set it apart. */
export function runLabel(c: RunComparison, index: number, maxParams = 2): string {
  const differing = c.params.filter((p) => p.differs && !/(^|\.)(build_id|content_hash)$/.test(p.key));
  const parts = differing
    .slice(0, maxParams)
    .map((p) => `${p.key.split(".").pop()} ${show(p.values[index] ?? null)}`);
  const run = c.runs[index]!;
  // A run someone named goes by that name; the others by id and what set them apart.
  if (run.name) return run.name;
  return [shortIds(c.runs.map((r) => r.run_id))[index], ...parts].join(" · ");
}

export const show = (v: string | number | boolean | null) =>
  v === null ? "—" : typeof v === "number" ? String(Number(v.toPrecision(4))) : String(v);

/** Every series name any of the runs logged, losses first. */
export function metricNames(series: ReadonlyArray<{ name: string }[] | undefined>): string[] {
  const names = [...new Set(series.flatMap((s) => (s ?? []).map((x) => x.name)))];
  return names.sort((a, b) => Number(!/loss/.test(a)) - Number(!/loss/.test(b)) || a.localeCompare(b));
}
