// `tunix-rt runs compare`: runs as columns; the settings that differ, then each metric's final and
// best values, so what changed sits next to what it did.
import type { RunComparison } from "@tunix-rt/contracts";
import { formatMetric } from "./format-runs.js";
import { type Column, formatHeader, formatRow } from "./table.js";
import { displayWidth, oneLine } from "./text.js";

const ARROW = { lower: "↓", higher: "↑" } as const;

/** Run ids are time-ordered: runs submitted together share the 8-character prefix; then the ids'
 * last 4 characters are added to tell the columns apart. */
function columnIds(ids: readonly string[]): string[] {
  const prefix = (id: string) => id.slice(0, 8);
  const shared = (id: string) => ids.filter((x) => prefix(x) === prefix(id)).length > 1;
  return ids.map((id) => (shared(id) ? `${prefix(id)}…${id.slice(-4)}` : prefix(id)));
}

const value = (v: string | number | boolean | null) =>
  v === null ? "-" : typeof v === "number" ? formatMetric(v) : oneLine(String(v));

export function formatRunComparison(c: RunComparison, width: number, allParams = false): string[] {
  const params = c.params.filter((p) => allParams || p.differs);
  const labels = [
    "status",
    ...params.map((p) => p.key),
    ...c.metrics.map((m) => `${m.name}${m.better ? ` ${ARROW[m.better]}` : ""}`),
  ];
  const keyWidth = Math.min(36, Math.max(...labels.map(displayWidth), 8));
  const runWidth = Math.max(12, Math.floor((width - keyWidth - 2) / c.runs.length) - 2);
  const cols: Column[] = [
    { header: "", width: keyWidth },
    ...c.runs.map(() => ({ header: "", width: runWidth })),
  ];
  const row = (label: string, cells: string[]) => formatRow([label, ...cells], cols);

  const out = [
    formatHeader([
      { header: "RUN", width: keyWidth },
      ...columnIds(c.runs.map((r) => r.run_id)).map((header) => ({ header, width: runWidth })),
    ]),
    row(
      "status",
      c.runs.map((r) => r.status),
    ),
    ...(c.runs.some((r) => r.name)
      ? [
          row(
            "name",
            c.runs.map((r) => (r.name ? oneLine(r.name) : "-")),
          ),
        ]
      : []),
    "",
    allParams ? "Settings" : "Settings that differ",
  ];
  if (!params.length) out.push("  (none: the runs were configured alike)");
  for (const p of params) out.push(row(p.key, p.values.map(value)));
  const same = c.params.length - c.params.filter((p) => p.differs).length;
  if (!allParams && same)
    out.push(`  (${same} more settings are the same in every run; --all-params lists them)`);
  out.push("", "Metrics: final (best at step)");
  if (!c.metrics.length) out.push("  (no metrics logged)");
  for (const m of c.metrics) {
    const cells = m.final.map((f, i) => {
      const best = m.best[i];
      const tail = best && best.value !== f ? ` (${formatMetric(best.value)}@${best.step})` : "";
      return f === null ? "-" : `${formatMetric(f)}${tail}`;
    });
    out.push(row(`${m.name}${m.better ? ` ${ARROW[m.better]}` : ""}`, cells));
  }
  return out;
}
