// Formatting of a run's metrics, artifacts and the workers list (split from format-runs.ts).
// Pure formatters for `tunix-rt runs …` and `tunix-rt workers`: functions of API responses and a
// width. Run text (log lines, errors, config values) comes from trainers and users, so it goes
// through sanitize/oneLine before it reaches the terminal.
import type { ArtifactEntry, RunMetricsResponse, WorkerInfo } from "@tunix-rt/contracts";
import { formatBytes, formatMetric } from "./format-runs.js";
import { formatCount, formatDuration } from "./progress-stats.js";
import { type Column, formatHeader, formatRow, remainingWidth } from "./table.js";
import { displayWidth, formatTimestamp, oneLine } from "./text.js";

const SPARKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/** A sparkline of at most `width` cells: values averaged into buckets, scaled from min to max. */
export function sparkline(values: readonly number[], width: number): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0 || width <= 0) return "";
  const cells = Math.min(width, finite.length);
  const buckets: number[] = [];
  for (let i = 0; i < cells; i++) {
    const from = Math.floor((i * finite.length) / cells);
    const to = Math.max(from + 1, Math.floor(((i + 1) * finite.length) / cells));
    let sum = 0;
    for (let j = from; j < to; j++) sum += finite[j]!;
    buckets.push(sum / (to - from));
  }
  const lo = Math.min(...buckets);
  const hi = Math.max(...buckets);
  if (hi === lo) return SPARKS[0]!.repeat(cells);
  return buckets.map((b) => SPARKS[Math.min(7, Math.floor(((b - lo) / (hi - lo)) * 8))]).join("");
}

export interface SeriesSummary {
  name: string;
  last: number | null;
  last_step: number | null;
  min: number | null;
  min_step: number | null;
  max: number | null;
  count: number;
}

/** Last value, min, max over the returned points; count = every point stored (before downsampling). */
export function summarizeSeries(s: RunMetricsResponse["series"][number]): SeriesSummary {
  let min: number | null = null;
  let minStep: number | null = null;
  let max: number | null = null;
  for (const p of s.points) {
    if (min === null || p.value < min) {
      min = p.value;
      minStep = p.step;
    }
    if (max === null || p.value > max) max = p.value;
  }
  const last = s.points[s.points.length - 1];
  return {
    name: s.name,
    last: last?.value ?? null,
    last_step: last?.step ?? null,
    min,
    min_step: minStep,
    max,
    count: s.total_points,
  };
}

/** `runs metrics ID`: one row per series, with a sparkline in what width is left. */
export function formatMetrics(m: RunMetricsResponse, width: number): string[] {
  if (m.series.length === 0) return ["no metrics recorded (yet)"];
  const rows = m.series.map((s) => ({ s, sum: summarizeSeries(s) }));
  const f = (v: number | null) => (v === null ? "-" : formatMetric(v));
  const nameW = Math.min(32, Math.max(6, ...rows.map((r) => displayWidth(oneLine(r.s.name)))));
  const fixed: Column[] = [
    { header: "SERIES", width: nameW },
    { header: "LAST", width: 10, align: "right" },
    { header: "STEP", width: 8, align: "right" },
    { header: "MIN", width: 10, align: "right" },
    { header: "AT STEP", width: 8, align: "right" },
    { header: "MAX", width: 10, align: "right" },
    { header: "POINTS", width: 8, align: "right" },
  ];
  const sparkW = Math.min(
    40,
    remainingWidth(
      width,
      fixed.map((c) => c.width),
      0,
    ),
  );
  const cols = sparkW >= 8 ? [...fixed, { header: "TREND", width: sparkW }] : fixed;
  const out = [formatHeader(cols)];
  for (const { s, sum } of rows) {
    const cells = [
      oneLine(s.name),
      f(sum.last),
      sum.last_step === null ? "-" : formatMetric(sum.last_step),
      f(sum.min),
      sum.min_step === null ? "-" : formatMetric(sum.min_step),
      f(sum.max),
      formatCount(sum.count),
      sparkline(
        s.points.map((p) => p.value),
        sparkW,
      ),
    ];
    out.push(formatRow(cells, cols));
  }
  const cut = m.series.filter((s) => s.total_points > s.points.length);
  if (cut.length)
    out.push(
      "",
      `min/max/trend over the downsampled points (${cut.map((s) => `${oneLine(s.name)}: ${formatCount(s.points.length)} of ${formatCount(s.total_points)}`).join(", ")}); raise --max-points for more`,
    );
  return out;
}

// ─── artifacts ───────────────────────────────────────────────────────────────────────────────────

/** `runs artifacts ID`: path (directories end in /), size, modified; sha256 when any is known. */
export function formatArtifacts(list: readonly ArtifactEntry[], width: number, truncated = false): string[] {
  if (list.length === 0) return ["no artifacts (yet)"];
  const withHash = list.some((a) => a.sha256);
  const fixed: Column[] = [
    { header: "SIZE", width: 9, align: "right" },
    { header: "MODIFIED (UTC)", width: 19 },
    ...(withHash ? [{ header: "SHA256", width: 12 }] : []),
  ];
  const pathW = Math.max(
    12,
    Math.min(
      Math.max(4, ...list.map((a) => displayWidth(oneLine(a.path)) + (a.type === "dir" ? 1 : 0))),
      remainingWidth(
        width,
        fixed.map((c) => c.width),
        12,
      ),
    ),
  );
  const cols: Column[] = [{ header: "PATH", width: pathW }, ...fixed];
  const out = [formatHeader(cols)];
  for (const a of list) {
    out.push(
      formatRow(
        [
          `${oneLine(a.path)}${a.type === "dir" ? "/" : ""}`,
          formatBytes(a.size),
          formatTimestamp(a.modified_at),
          a.sha256 ? a.sha256.slice(0, 12) : "",
        ],
        cols,
      ),
    );
  }
  const files = list.filter((a) => a.type === "file");
  const total = files.reduce((n, a) => n + a.size, 0);
  out.push(
    "",
    `${formatCount(files.length)} file${files.length === 1 ? "" : "s"}, ${formatBytes(total)}` +
      (truncated ? " (listing cut at 50,000 entries)" : ""),
  );
  return out;
}

// ─── workers ─────────────────────────────────────────────────────────────────────────────────────

/** "3s ago", "2m05s ago". */
export function formatAge(iso: string, now = Date.now()): string {
  const s = (now - Date.parse(iso)) / 1000;
  if (!Number.isFinite(s)) return "-";
  return `${formatDuration(Math.max(0, s))} ago`;
}

/** `tunix-rt workers`: live ones first (as the server orders them). */
export function formatWorkers(workers: readonly WorkerInfo[], width: number, now = Date.now()): string[] {
  if (workers.length === 0) return ["no workers registered"];
  const idW = Math.min(40, Math.max(6, ...workers.map((w) => displayWidth(oneLine(w.worker_id)))));
  const hostW = Math.min(24, Math.max(4, ...workers.map((w) => displayWidth(oneLine(w.host)))));
  const fixed: Column[] = [
    { header: "WORKER", width: idW },
    { header: "HOST", width: hostW },
    { header: "STATE", width: 5 },
    { header: "RUNS", width: 5, align: "right" },
    { header: "HEARTBEAT", width: 11 },
  ];
  const rest = remainingWidth(
    width,
    fixed.map((c) => c.width),
    20,
  );
  const trainersW = Math.max(10, Math.ceil((rest - 2) / 2));
  const cols: Column[] = [
    ...fixed,
    { header: "TRAINERS", width: trainersW },
    { header: "LABELS", width: Math.max(8, rest - 2 - trainersW) },
  ];
  const out = [formatHeader(cols)];
  for (const w of workers) {
    out.push(
      formatRow(
        [
          oneLine(w.worker_id),
          oneLine(w.host),
          w.alive ? "live" : "gone",
          `${w.running}/${w.concurrency}`,
          formatAge(w.heartbeat_at, now),
          w.trainers.map(oneLine).join(", ") || "-",
          w.labels.map(oneLine).join(", ") || "-",
        ],
        cols,
      ),
    );
  }
  const live = workers.filter((w) => w.alive).length;
  out.push("", `${live} live worker${live === 1 ? "" : "s"} of ${workers.length}`);
  return out;
}

interface BackendLine {
  available: boolean;
  version: string | null;
  reason?: string;
  devices?: string[];
  models?: string[];
}

/** One line per trainer backend: name, available or not, then version/devices/models or the reason. */
export function formatTrainerBackends(status: {
  message: string;
  backends: Record<string, unknown>;
}): string[] {
  const entries = Object.entries(status.backends as Record<string, BackendLine>);
  if (entries.length === 0) return [status.message];
  const nameW = Math.max(...entries.map(([n]) => n.length));
  return entries.map(([name, b]) => {
    const what = b.available
      ? [
          `available   ${b.version ?? ""}`,
          b.devices?.length ? `on ${b.devices.join(", ")}` : "",
          b.models?.length ? `models: ${b.models.join(", ")}` : "",
        ]
          .filter(Boolean)
          .join("  ")
      : `unavailable ${b.reason ?? ""}`;
    return `${name.padEnd(nameW)}  ${what}`.trimEnd();
  });
}
