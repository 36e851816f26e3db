import type { ScoreTraceResponse, TraceDetail, TraceScore } from "@tunix-rt/contracts";
import { type Column, formatHeader, formatRow, remainingWidth } from "./table.js";
import { displayWidth, formatScore, formatTimestamp, oneLine, padEnd, sanitize, wrap } from "./text.js";

const INDENT = "  ";

function block(title: string, text: string, width: number): string[] {
  return [title, ...wrap(text, width - INDENT.length).map((l) => (l ? INDENT + l : ""))];
}

/** Meta values are arbitrary JSON; strings print bare, everything else as compact JSON. */
function metaValue(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function keyValueLines(entries: Array<[string, unknown]>, width: number): string[] {
  const keyW = Math.min(24, Math.max(0, ...entries.map(([k]) => displayWidth(oneLine(k)))));
  const out: string[] = [];
  for (const [k, v] of entries) {
    const label = padEnd(oneLine(k), keyW);
    const lines = wrap(metaValue(v), Math.max(10, width - INDENT.length - keyW - 2));
    lines.forEach((l, i) => {
      out.push(`${INDENT}${i === 0 ? label : " ".repeat(keyW)}  ${l}`.trimEnd());
    });
  }
  return out;
}

/** Stored scores, newest first, with the detail that explains each (answer_match's method). */
export function scoreTableLines(scores: readonly TraceScore[], width: number): string[] {
  if (scores.length === 0) return [`${INDENT}(none yet: run \`tunix-rt traces score ID\`)`];
  const fixed: Column[] = [
    { header: "CRITERIA", width: 12 },
    { header: "SCORE", width: 6, align: "right" },
    { header: "SCORED AT (UTC)", width: 19 },
  ];
  const cols: Column[] = [
    ...fixed,
    {
      header: "DETAILS",
      width: remainingWidth(
        width - INDENT.length,
        fixed.map((c) => c.width),
        10,
      ),
    },
  ];
  const rows = scores.map((s) =>
    formatRow(
      [
        oneLine(s.criteria),
        formatScore(s.score),
        formatTimestamp(s.created_at),
        scoreDetailSummary(s.details),
      ],
      cols,
    ),
  );
  return [formatHeader(cols), ...rows].map((l) => INDENT + l);
}

/** A one-line digest of score details, skipping what other columns already show. */
export function scoreDetailSummary(details: Record<string, unknown> | null | undefined): string {
  if (!details) return "";
  const skip = new Set(["criteria", "scored_at"]);
  return oneLine(
    Object.entries(details)
      .filter(([k]) => !skip.has(k))
      .map(([k, v]) => `${k}=${metaValue(v)}`)
      .join(" "),
  );
}

/** Human view of one trace: header, prompt, numbered steps with their types, answer, meta, scores. */
export function formatTraceDetail(t: TraceDetail, scores: readonly TraceScore[], width: number): string[] {
  const p = t.payload;
  const source = typeof p.meta?.source === "string" ? p.meta.source : "-";
  const out = [
    `trace    ${t.id}`,
    `created  ${formatTimestamp(t.created_at)} UTC`,
    `version  ${oneLine(t.trace_version)}`,
    `source   ${oneLine(source)}`,
    "",
    ...block("Prompt", p.prompt, width),
    "",
    `Steps (${p.steps.length})`,
  ];
  const numW = String(Math.max(...p.steps.map((s) => s.i))).length;
  for (const s of p.steps) {
    // The step's own index `i` is shown (not its position) because that is what the trace says.
    const num = `${String(s.i).padStart(numW)}. `;
    const body = wrap(`[${oneLine(s.type)}] ${s.content}`, width - INDENT.length - num.length);
    body.forEach((l, k) => {
      out.push(`${INDENT}${k === 0 ? num : " ".repeat(num.length)}${l}`.trimEnd());
    });
  }
  out.push("", ...block("Final answer", p.final_answer, width), "");
  const meta = Object.entries(p.meta ?? {});
  out.push("Meta", ...(meta.length ? keyValueLines(meta, width) : [`${INDENT}(none)`]), "");
  out.push("Scores", ...scoreTableLines(scores, width));
  return out;
}

/** `traces score`: the number first, then each detail on its own line. */
export function formatScoreResult(r: ScoreTraceResponse, criteria: string, width: number): string[] {
  const details = Object.entries(r.details).filter(([k]) => k !== "criteria");
  return [
    `${sanitize(criteria)} score for ${r.trace_id}: ${formatScore(r.score)}`,
    ...keyValueLines(details, width),
  ];
}
