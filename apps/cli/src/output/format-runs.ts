// Pure formatters for `tunix-rt runs …` and `tunix-rt workers`: functions of API responses and a
// width. Run text (log lines, errors, config values) comes from trainers and users, so it goes
// through sanitize/oneLine before it reaches the terminal.

import type { DryRunFinding, LogEvent, RunDetail, RunSummary } from "@tunix-rt/contracts";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { formatMetric, formatRunDuration } from "./format-number.js";
import { formatProgress, runStatusCell } from "./format-run-progress.js";
import { type Column, formatHeader, formatRow, remainingWidth } from "./table.js";
import { displayWidth, formatTimestamp, oneLine, padEnd, sanitize, truncate, wrap } from "./text.js";

const INDENT = "  ";

export { formatMetric, formatRunDuration };

/** " --server URL" when the command talked to a non-default server, so printed commands work as is. */
export function serverFlag(server: string, defaultServer: string): string {
  return server === defaultServer ? "" : ` --server ${server}`;
}

/** "1.2 MB"; bytes below 1 KB as "512 B". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/**
 * One stored log line made safe for a terminal: a line a trainer redrew with carriage returns
 * (progress bars) shows its last state, as the terminal would have; other control characters
 * (ANSI escapes) become U+FFFD.
 */
export function cleanLogLine(line: string): string {
  let text = line;
  if (text.includes("\r")) {
    const parts = text.split("\r").filter((p) => p !== "");
    text = parts[parts.length - 1] ?? "";
  }
  return sanitize(text).replace(/\n/g, "\uFFFD");
}

export const STDERR_MARK = "[stderr] ";

/** A log line as `runs logs` prints it: stderr lines behind `[stderr] ` (red on a colour terminal), as in logs.txt. */
export function formatLogLine(ev: Pick<LogEvent, "stream" | "line">, color = false): string {
  const text = cleanLogLine(ev.line);
  if (ev.stream !== "stderr") return text;
  return color ? `\x1b[31m${STDERR_MARK}${text}\x1b[39m` : `${STDERR_MARK}${text}`;
}

// ─── list ────────────────────────────────────────────────────────────────────────────────────────

type RunKey = "id" | "status" | "created" | "duration" | "dataset" | "model" | "trainer";
export type RunColumn = Column & { key: RunKey };

/**
 * Columns of `runs list`: the full id (what the other commands take), state, queued time and
 * duration; dataset and model share what is left; the trainer from 120 columns up.
 */
export function runColumns(termWidth: number): RunColumn[] {
  const fixed: RunColumn[] = [
    { key: "id", header: "RUN ID", width: 36 },
    { key: "status", header: "STATUS", width: 12 },
    { key: "created", header: "CREATED (UTC)", width: 16 },
    { key: "duration", header: "TIME", width: 6, align: "right" },
  ];
  if (termWidth >= 120) fixed.push({ key: "trainer", header: "TRAINER", width: 10 });
  const rest = remainingWidth(
    termWidth,
    fixed.map((c) => c.width),
    2 + 20,
  );
  const datasetW = Math.max(12, Math.ceil((rest - 2) * 0.6));
  const modelW = Math.max(8, rest - 2 - datasetW);
  return [
    ...fixed.slice(0, 4),
    { key: "dataset", header: "DATASET", width: datasetW },
    { key: "model", header: "MODEL", width: modelW },
    ...fixed.slice(4),
  ];
}

export function runHeader(cols: readonly Column[]): string {
  return formatHeader(cols);
}

export function runRow(r: RunSummary, cols: readonly RunColumn[]): string {
  const cells: Record<RunKey, string> = {
    id: r.run_id,
    status: runStatusCell(r),
    created: formatTimestamp(r.queued_at).slice(0, 16),
    duration: formatRunDuration(r.duration_seconds),
    dataset: oneLine(r.dataset_key),
    model: oneLine(r.model_id),
    trainer: oneLine(r.trainer),
  };
  return formatRow(
    cols.map((c) => cells[c.key]),
    cols,
  );
}

export function nextRunPageHint(nextCursor: string | null): string | null {
  if (!nextCursor) return null;
  return `more runs: add --cursor ${nextCursor} for the next page, or --all for every page`;
}

// ─── submit / dry run ────────────────────────────────────────────────────────────────────────────

/** The dry run's findings, one line each: ✅ or ❌, the check, what it found. */
export function formatFindings(findings: readonly DryRunFinding[], width: number): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const head = `${INDENT}${f.ok ? "✅" : "❌"} ${oneLine(f.check)}: `;
    const lines = wrap(f.message, Math.max(20, width - displayWidth(head)));
    lines.forEach((l, i) => {
      out.push(`${i === 0 ? head : " ".repeat(displayWidth(head))}${l}`.trimEnd());
    });
  }
  return out;
}

export function formatDryRun(run: RunDetail, width: number): string[] {
  const findings = run.findings ?? [];
  const failed = findings.filter((f) => !f.ok).length;
  return [
    `dry run of ${oneLine(run.dataset_key)} on ${oneLine(run.model_id)} (trainer ${oneLine(run.trainer)}): ` +
      (failed === 0 ? "every check passed" : `${failed} of ${findings.length} checks failed`),
    ...formatFindings(findings, width),
    ...(failed === 0 ? ["nothing was started; submit again without --dry-run to queue the run"] : []),
  ];
}

/** After a real submit (or a retry): the id, the state, and how to watch it. */
export function formatSubmitted(run: RunDetail, flag: string, verb = "submitted"): string[] {
  const out = [`${verb} run ${run.run_id} (${run.status})`];
  const resume = run.config.resume_from as { run_id?: string; checkpoint?: string | null } | null | undefined;
  if (run.retry_of) out.push(`${INDENT}retry of ${run.retry_of}`);
  if (resume?.run_id)
    out.push(
      `${INDENT}resumes from ${resume.run_id}${resume.checkpoint ? `/${resume.checkpoint}` : " (latest)"}`,
    );
  out.push(`${INDENT}follow its log: tunix-rt runs logs ${run.run_id} -f${flag}`);
  return out;
}

// ─── show ────────────────────────────────────────────────────────────────────────────────────────

/** Label/value rows with the labels in one column; long values wrap under themselves. */
function fields(entries: Array<[string, string]>, width: number, indent = INDENT): string[] {
  const keyW = Math.max(0, ...entries.map(([k]) => displayWidth(k)));
  const out: string[] = [];
  for (const [k, v] of entries) {
    wrap(v, Math.max(10, width - indent.length - keyW - 2)).forEach((l, i) => {
      out.push(`${indent}${padEnd(i === 0 ? k : "", keyW)}  ${l}`.trimEnd());
    });
  }
  return out;
}

const ENDED: Record<string, string> = {
  completed: "completed",
  failed: "failed",
  timeout: "timed out",
  cancelled: "cancelled",
};

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** queued → started (waited) → ended (ran), in UTC. */
export function formatTimeline(run: RunDetail, now = Date.now()): Array<[string, string]> {
  const out: Array<[string, string]> = [["queued", formatTimestamp(run.queued_at)]];
  if (run.started_at)
    out.push([
      "started",
      `${formatTimestamp(run.started_at)} · waited ${formatRunDuration(seconds(run.queued_at, run.started_at))}`,
    ]);
  if (run.completed_at) {
    const from = run.started_at ?? run.queued_at;
    out.push([
      ENDED[run.status] ?? "ended",
      `${formatTimestamp(run.completed_at)} · ${run.started_at ? "ran" : "after"} ${formatRunDuration(seconds(from, run.completed_at))}`,
    ]);
  } else if (run.started_at) {
    out.push([
      run.status === "cancel_requested" ? "cancelling" : "running",
      `for ${formatRunDuration((now - Date.parse(run.started_at)) / 1000)}`,
    ]);
  } else out.push(["waiting", `for ${formatRunDuration((now - Date.parse(run.queued_at)) / 1000)}`]);
  return out;
}

/** Fields shown above the config (identity), not repeated in it. */
const SHOWN_ABOVE = new Set(["dataset_key", "model_id", "trainer", "labels", "priority", "max_attempts"]);

/**
 * The resolved config as label/value rows: the hyperparameters and trainer options as sent, the
 * dataset as its key, build and short content hash, resume_from as `<run>/<checkpoint>`.
 */
export function formatConfig(config: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined || v === null || SHOWN_ABOVE.has(k)) continue;
    if (k === "dataset" && typeof v === "object") {
      const d = v as { key?: unknown; build_id?: unknown; content_hash?: unknown };
      const parts = [configValue(d.key ?? "?")];
      if (typeof d.build_id === "string") parts.push(`build ${d.build_id}`);
      if (typeof d.content_hash === "string") parts.push(`content hash ${d.content_hash.slice(0, 12)}`);
      out.push(["dataset", parts.join(" · ")]);
    } else if (k === "resume_from" && typeof v === "object") {
      const r = v as { run_id?: unknown; checkpoint?: unknown };
      out.push([
        "resume_from",
        `${configValue(r.run_id ?? "?")}/${r.checkpoint ? configValue(r.checkpoint) : "(latest)"}`,
      ]);
    } else out.push([oneLine(k), configValue(v)]);
  }
  return out;
}

const configValue = (v: unknown) => (typeof v === "string" ? oneLine(v) : oneLine(JSON.stringify(v)));

/** Final metrics in name order: "train/loss 0.5 · eval/loss 0.7". */
export function formatFinalMetrics(m: Record<string, number> | null): string | null {
  if (!m || Object.keys(m).length === 0) return null;
  return Object.keys(m)
    .sort()
    .map((k) => `${oneLine(k)} ${formatMetric(m[k]!)}`)
    .join(" · ");
}

/** `runs show ID`: identity, timeline, error, final metrics, what it can resume from, config. */
export function formatRunDetail(run: RunDetail, width: number, flag = "", now = Date.now()): string[] {
  const id: Array<[string, string]> = [
    ...(run.name ? ([["name", oneLine(run.name)]] as Array<[string, string]>) : []),
    ["dataset", oneLine(run.dataset_key)],
    ["model", oneLine(run.model_id)],
    ["trainer", oneLine(run.trainer)],
    ["mode", run.mode],
    ["attempt", `${run.attempt} of ${run.max_attempts}`],
    ["priority", String(run.priority)],
    ["labels", run.labels.length ? run.labels.map(oneLine).join(", ") : "-"],
  ];
  const progress = formatProgress(run);
  if (progress) id.push(["progress", progress]);
  if (run.worker_id) id.push(["worker", oneLine(run.worker_id)]);
  if (run.exit_code !== null) id.push(["exit code", String(run.exit_code)]);
  if (run.retry_of) id.push(["retry of", run.retry_of]);
  if (run.output_dir) id.push(["directory", oneLine(run.output_dir)]);
  const out = [`run ${run.run_id} ${run.status}: ${oneLine(run.message)}`, ...fields(id, width)];
  out.push("", "Timeline (UTC)", ...fields(formatTimeline(run, now), width));
  if (run.error) out.push("", "Error", ...wrap(run.error, width - INDENT.length).map((l) => INDENT + l));
  if (run.findings?.length) out.push("", "Dry-run findings", ...formatFindings(run.findings, width));
  const metrics = formatFinalMetrics(run.final_metrics);
  if (metrics) {
    out.push(
      "",
      "Final metrics",
      ...fields(
        Object.keys(run.final_metrics!)
          .sort()
          .map((k) => [oneLine(k), formatMetric(run.final_metrics![k]!)] as [string, string]),
        width,
      ),
    );
  }
  if (run.resumable_from) {
    out.push(
      "",
      `Resumable from ${oneLine(run.resumable_from)}`,
      `${INDENT}tunix-rt runs retry ${run.run_id} --resume${flag}`,
    );
  }
  const config = formatConfig(run.config);
  if (config.length) out.push("", "Config", ...fields(config, width));
  if (isTerminalStatus(run.status) && run.status !== "completed" && run.stderr.trim()) {
    const tail = sanitize(run.stderr.trimEnd()).split("\n").slice(-10);
    out.push("", "Stderr (last lines)", ...tail.map((l) => INDENT + truncate(l, width - INDENT.length)));
  }
  return out;
}

/**
 * The closing lines of a followed run: how it ended, its final metrics, and what to do next.
 * `follow` exits 0 only for completed.
 */
export function formatRunEnd(run: RunDetail, flag = ""): string[] {
  const took = formatRunDuration(run.duration_seconds);
  const head: Record<string, string> = {
    completed: `run ${run.run_id} completed in ${took}`,
    failed: `run ${run.run_id} failed after ${took}: ${oneLine(run.error ?? run.message)}`,
    timeout: `run ${run.run_id} timed out after ${took}`,
    cancelled: `run ${run.run_id} cancelled${run.started_at ? ` after ${took}` : " before it started"}`,
  };
  const out = [head[run.status] ?? `run ${run.run_id} is ${run.status}`];
  const metrics = formatFinalMetrics(run.final_metrics);
  if (metrics) out.push(`${INDENT}final metrics: ${metrics}`);
  if (run.status !== "completed" && run.resumable_from)
    out.push(
      `${INDENT}checkpoint ${oneLine(run.resumable_from)} kept; resume: tunix-rt runs retry ${run.run_id} --resume${flag}`,
    );
  return out;
}

/** One status change while following: "run … running (worker w1)". */
export function formatStatusChange(
  runId: string,
  s: { status: string; exit_code: number | null; error: string | null },
): string {
  const extra = s.error ? `: ${oneLine(s.error)}` : s.exit_code !== null ? ` (exit code ${s.exit_code})` : "";
  return `── run ${runId} ${s.status}${extra}`;
}

// ─── metrics ─────────────────────────────────────────────────────────────────────────────────────

export * from "./format-run-resources.js";
