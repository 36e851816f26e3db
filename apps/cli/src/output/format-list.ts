import type { TraceSummary } from "@tunix-rt/contracts";
import { type Column, formatHeader, formatRow, remainingWidth } from "./table.js";
import { displayWidth, formatScore, formatTimestamp, oneLine } from "./text.js";

const SOURCE_MIN = 6;
const SOURCE_MAX = 20;
const PROMPT_MIN = 12;

type ListKey = "id" | "created" | "source" | "steps" | "score" | "prompt";
export type ListColumn = Column & { key: ListKey };

/**
 * Columns for `traces list`: ids stay whole (they are what `show` and `compare` take), the
 * source column is sized from the first page, and the prompt preview gets whatever is left.
 * On a narrow terminal the creation time goes first, so the prompt keeps a readable width.
 */
export function listColumns(firstPage: readonly TraceSummary[], termWidth: number): ListColumn[] {
  const widest = Math.max(0, ...firstPage.map((t) => displayWidth(oneLine(t.source ?? "-"))));
  const source = Math.min(SOURCE_MAX, Math.max(SOURCE_MIN, widest));
  let fixed: ListColumn[] = [
    { key: "id", header: "ID", width: 36 },
    { key: "created", header: "CREATED (UTC)", width: 16 },
    { key: "source", header: "SOURCE", width: source },
    { key: "steps", header: "STEPS", width: 5, align: "right" },
    { key: "score", header: "SCORE", width: 6, align: "right" },
  ];
  const left = (cols: ListColumn[]) =>
    remainingWidth(
      termWidth,
      cols.map((c) => c.width),
      0,
    );
  if (left(fixed) < PROMPT_MIN) fixed = fixed.filter((c) => c.key !== "created");
  return [...fixed, { key: "prompt", header: "PROMPT", width: Math.max(PROMPT_MIN, left(fixed)) }];
}

export function listHeader(columns: readonly Column[]): string {
  return formatHeader(columns);
}

export function listRow(t: TraceSummary, columns: readonly ListColumn[]): string {
  const cells: Record<ListKey, string> = {
    id: t.id,
    created: formatTimestamp(t.created_at).slice(0, 16),
    source: oneLine(t.source ?? "-"),
    steps: String(t.step_count),
    score: formatScore(t.latest_score),
    prompt: oneLine(t.prompt_preview),
  };
  return formatRow(
    columns.map((c) => cells[c.key]),
    columns,
  );
}

/** What to type for the next page; null when this was the last one. */
export function nextPageHint(nextCursor: string | null): string | null {
  if (!nextCursor) return null;
  return `more traces: add --cursor ${nextCursor} for the next page, or --all for every page`;
}
