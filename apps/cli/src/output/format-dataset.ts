import type {
  BuildDatasetResponse,
  DatasetDetail,
  DatasetSummary,
  DatasetTokensResponse,
  PreviewDatasetResponse,
  RenderedExample,
} from "@tunix-rt/contracts";
import { formatCount } from "./progress-stats.js";
import { type Column, formatHeader, formatRow, remainingWidth } from "./table.js";
import { displayWidth, formatTimestamp, oneLine, padEnd, padStart, sanitize, wrap } from "./text.js";

const INDENT = "  ";
const SPLIT_ORDER = ["train", "val", "test"];

/** "train 800 · val 100 · test 100", in that order, then any other split names. */
export function formatSplitCounts(counts: Record<string, number>): string {
  const names = [
    ...SPLIT_ORDER.filter((s) => s in counts),
    ...Object.keys(counts)
      .filter((s) => !SPLIT_ORDER.includes(s))
      .sort(),
  ];
  if (names.length === 0) return "-";
  return names.map((s) => `${oneLine(s)} ${formatCount(counts[s] ?? 0)}`).join(" · ");
}

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

/** `serverUrl` turns the manifest's API path into a URL that can be opened as printed. */
export function formatBuildResult(r: BuildDatasetResponse, width: number, serverUrl = ""): string[] {
  return [
    `built ${oneLine(r.dataset_key)}`,
    ...fields(
      [
        ["traces", formatCount(r.trace_count)],
        ["splits", formatSplitCounts(r.split_counts)],
        ["content hash", r.content_hash],
        ["build id", r.build_id],
        ["manifest", r.manifest_path.startsWith("/") ? `${serverUrl}${r.manifest_path}` : r.manifest_path],
      ],
      width,
    ),
  ];
}

/** `datasets preview`: how many match, how many the limit lets through. */
export function formatPreview(r: PreviewDatasetResponse, limit: number | undefined): string[] {
  const traces = (n: number) => `${formatCount(n)} trace${n === 1 ? "" : "s"}`;
  const cut = r.selected_count < r.matching_count;
  const out = [
    `${traces(r.matching_count)} match; a build would select ${formatCount(r.selected_count)}` +
      (cut ? ` (the limit${limit === undefined ? ", 100 by default," : ""} cuts the rest)` : ""),
  ];
  if (cut) out.push(`raise --limit to at least ${r.matching_count} to take them all (at most 100,000)`);
  return out;
}

const SHORT_HASH = 12;
type DatasetKey = "key" | "created" | "traces" | "splits" | "hash";
export type DatasetColumn = Column & { key: DatasetKey };

/** Columns of `datasets list`; the key column takes the width that is left (keys are what `show` takes). */
export function datasetColumns(firstPage: readonly DatasetSummary[], termWidth: number): DatasetColumn[] {
  const splitsW = Math.min(
    40,
    Math.max(6, ...firstPage.map((d) => displayWidth(formatSplitCounts(d.split_counts)))),
  );
  const fixed: DatasetColumn[] = [
    { key: "created", header: "CREATED (UTC)", width: 16 },
    { key: "traces", header: "TRACES", width: 8, align: "right" },
    { key: "splits", header: "SPLITS", width: splitsW },
    { key: "hash", header: "HASH", width: SHORT_HASH },
  ];
  const keyW = Math.max(
    12,
    Math.min(
      Math.max(3, ...firstPage.map((d) => displayWidth(oneLine(d.dataset_key)))),
      remainingWidth(
        termWidth,
        fixed.map((c) => c.width),
        12,
      ),
    ),
  );
  return [{ key: "key", header: "KEY", width: keyW }, ...fixed];
}

export function datasetHeader(cols: readonly Column[]): string {
  return formatHeader(cols);
}

export function datasetRow(d: DatasetSummary, cols: readonly DatasetColumn[]): string {
  const cells: Record<DatasetKey, string> = {
    key: oneLine(d.dataset_key),
    created: formatTimestamp(d.created_at).slice(0, 16),
    traces: formatCount(d.trace_count),
    splits: formatSplitCounts(d.split_counts),
    hash: d.content_hash.slice(0, SHORT_HASH),
  };
  return formatRow(
    cols.map((c) => cells[c.key]),
    cols,
  );
}

export function nextDatasetPageHint(nextCursor: string | null): string | null {
  if (!nextCursor) return null;
  return `more datasets: add --cursor ${nextCursor} for the next page, or --all for every page`;
}

const show = (v: unknown) => (typeof v === "string" ? oneLine(v) : JSON.stringify(v));

/** The selection a dataset was built from, in the words of the build flags. */
export function describeRequest(req: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const strategy = String(req.selection_strategy ?? "latest");
  const seed = req.seed === undefined || req.seed === null ? "" : `, seed ${req.seed}`;
  const distinct = req.distinct_prompts ? ", one per prompt" : "";
  out.push(["selection", `${strategy}, limit ${formatCount(Number(req.limit ?? 100))}${seed}${distinct}`]);
  const filters: string[] = [];
  if (req.source !== undefined) filters.push(`source = ${show(req.source)}`);
  if (req.q !== undefined) filters.push(`text contains ${JSON.stringify(req.q)}`);
  if (req.created_after !== undefined) filters.push(`created ≥ ${show(req.created_after)}`);
  if (req.created_before !== undefined) filters.push(`created < ${show(req.created_before)}`);
  const criteria = show(req.score_criteria ?? "baseline");
  if (req.min_score !== undefined) filters.push(`${criteria} score ≥ ${req.min_score}`);
  if (req.max_score !== undefined) filters.push(`${criteria} score ≤ ${req.max_score}`);
  const meta = req.filters && typeof req.filters === "object" ? (req.filters as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(meta)) filters.push(`meta.${oneLine(k)} = ${JSON.stringify(v)}`);
  out.push(["filters", filters.length ? filters.join(" · ") : "(none: every trace)"]);
  const split = req.split as { val?: number; test?: number; seed?: number } | undefined;
  if (split)
    out.push(["split", `val ${split.val ?? 0}, test ${split.test ?? 0}, split seed ${split.seed ?? 0}`]);
  return out;
}

const num = (n: number, digits = 1) => (Number.isInteger(n) ? formatCount(n) : n.toFixed(digits));

/** `datasets show KEY`: identity, selection, split sizes and statistics. */
export function formatDatasetDetail(d: DatasetDetail, width: number): string[] {
  const s = d.stats;
  const entries: Array<[string, string]> = [
    ["name", `${oneLine(d.dataset_name)}, version ${oneLine(d.dataset_version)}`],
    ["created", `${formatTimestamp(d.created_at)} UTC`],
    ["traces", formatCount(d.trace_count)],
    ["splits", formatSplitCounts(d.split_counts)],
    ["content hash", d.content_hash],
    ["build id", d.build_id],
    ...describeRequest(d.request),
  ];
  if (d.parent_dataset_id) entries.push(["parent", oneLine(d.parent_dataset_id)]);
  if (d.session_id) entries.push(["session", oneLine(d.session_id)]);
  if (d.training_run_id) entries.push(["training run", oneLine(d.training_run_id)]);
  return [
    `dataset ${oneLine(d.dataset_key)}`,
    ...fields(entries, width),
    "",
    "Statistics",
    ...fields(
      [
        [
          "steps per trace",
          `mean ${num(s.avg_step_count)} · min ${s.min_step_count} · max ${s.max_step_count} · total ${formatCount(s.total_steps)}`,
        ],
        ["characters", `mean ${num(s.avg_total_chars)} per trace · total ${formatCount(s.total_chars)}`],
      ],
      width,
    ),
  ];
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A horizontal bar of `value / max` of `width` cells, in eighths of a cell. */
export function hbar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0) return "";
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

const edge = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * The token section of `datasets show --tokens`: totals, percentiles, a histogram of tokens per
 * example with a line where max_seq_length falls, and how many examples it would truncate.
 */
export function formatTokens(t: DatasetTokensResponse, width: number): string[] {
  const pct = t.example_count ? ` (${((100 * t.truncated_count) / t.example_count).toFixed(1)}%)` : "";
  const out = [
    `Tokens (${oneLine(t.tokenizer)}; tunix_sft rendering)`,
    ...fields(
      [
        ["examples", formatCount(t.example_count)],
        [
          "total",
          `${formatCount(t.total_tokens)} (prompt, masked: ${formatCount(t.prompt_tokens)} · completion, trained: ${formatCount(t.completion_tokens)})`,
        ],
        [
          "per example",
          `min ${t.min} · mean ${num(t.mean)} · p50 ${t.p50} · p90 ${t.p90} · p99 ${t.p99} · max ${t.max}`,
        ],
        ["max_seq_length", formatCount(t.max_seq_length)],
        ["truncated", `${formatCount(t.truncated_count)} example${t.truncated_count === 1 ? "" : "s"}${pct}`],
      ],
      width,
    ),
    `${INDENT}${oneLine(t.note)}`,
  ];
  const { edges, counts } = t.histogram;
  if (counts.length === 0 || t.example_count === 0) return out;
  const lo = edges.slice(0, -1).map(edge);
  const hi = edges.slice(1).map(edge);
  const loW = Math.max(...lo.map((s) => s.length));
  const hiW = Math.max(...hi.map((s) => s.length));
  const countW = Math.max(...counts.map((c) => formatCount(c).length));
  const msl = t.max_seq_length;
  const straddles = (i: number) => (edges[i] ?? 0) < msl && msl < (edges[i + 1] ?? 0);
  const note = `  ← max_seq_length ${formatCount(msl)} falls in this bin`;
  const noteW = counts.some((_, i) => straddles(i)) ? displayWidth(note) : 0;
  const labelW = INDENT.length + loW + 3 + hiW + 2;
  const barW = Math.max(10, width - labelW - 2 - countW - noteW);
  const max = Math.max(...counts);
  const cut = `${INDENT}${"╌".repeat(loW + 3 + hiW)} max_seq_length ${formatCount(msl)}: longer examples are truncated`;
  out.push("", `Tokens per example${INDENT}(${formatCount(t.example_count)} examples)`);
  // The line goes above the first bin that starts at or past max_seq_length.
  let lineAt = counts.findIndex((_, i) => (edges[i] ?? 0) >= msl);
  if (lineAt === -1) lineAt = counts.length;
  counts.forEach((c, i) => {
    if (i === lineAt) out.push(cut);
    const label = `${INDENT}${padStart(lo[i]!, loW)} – ${padEnd(hi[i]!, hiW)} │`;
    const bar = padEnd(hbar(c, max, barW), barW);
    out.push(`${label}${bar}  ${padStart(formatCount(c), countW)}${straddles(i) ? note : ""}`);
  });
  if (lineAt === counts.length) {
    out.push(
      t.truncated_count === 0 ? cut.replace("longer examples are truncated", "every example fits") : cut,
    );
  }
  return out;
}

/** ANSI styles for the example view; empty strings when stdout is not a colour terminal. */
export interface ExampleStyle {
  masked: [string, string];
  trained: [string, string];
}
export const PLAIN: ExampleStyle = { masked: ["", ""], trained: ["", ""] };
export const ANSI: ExampleStyle = {
  masked: ["\u001b[2m", "\u001b[22m"],
  trained: ["\u001b[1;32m", "\u001b[22;39m"],
};

const MASKED_GUTTER = "  ░ ";
const TRAINED_GUTTER = "  █ ";

/**
 * Rendered examples exactly as the model sees them, line for line: the prompt (masked, not
 * trained on) marked ░ and dimmed on a terminal, the completion (trained on) marked █ and
 * highlighted. Lines are not wrapped: the layout is part of what the model sees. A trailing
 * newline shows as an empty marked line.
 */
export function formatExamples(examples: readonly RenderedExample[], style: ExampleStyle): string[] {
  const out = [
    `Examples (${MASKED_GUTTER.trim()} prompt: masked, not trained on · ${TRAINED_GUTTER.trim()} completion: trained on)`,
  ];
  const part = (text: string, gutter: string, [on, off]: [string, string]) =>
    sanitize(text)
      .split("\n")
      .map((l) => `${gutter}${on}${l}${off}`.trimEnd());
  examples.forEach((e, i) => {
    out.push(
      "",
      `example ${i + 1}/${examples.length} · trace ${e.trace_id}${e.split ? ` · ${oneLine(e.split)}` : ""} · ` +
        `${formatCount(e.prompt_tokens)} prompt + ${formatCount(e.completion_tokens)} completion = ${formatCount(e.total_tokens)} tokens`,
      ...part(e.prompt, MASKED_GUTTER, style.masked),
      ...part(e.completion, TRAINED_GUTTER, style.trained),
    );
  });
  if (examples.length === 0) out.push("", "(no examples: the dataset or split is empty)");
  return out;
}
