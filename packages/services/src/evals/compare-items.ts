import type {
  ComparedItem,
  CompareItemDetail,
  CompareItemsQuery,
  CompareItemsResponse,
  TraceStep,
} from "@tunix-rt/contracts";
import { queryRows, type SQL, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { alignSteps } from "../compare/align-steps.js";
import type { ServiceDeps } from "../deps.js";
import { loadPair } from "./compare-evaluations.js";
import { contaminatedPositions } from "./contamination.js";
import { reasoningText } from "./format-check.js";
import { toEvaluationDetail } from "./get-evaluation.js";

interface ItemRow {
  position: number;
  item_id: string;
  prompt: string;
  expected_answer: string;
  category: string | null;
  b_output: string;
  b_extracted: string | null;
  b_correct: boolean;
  b_format: boolean;
  c_output: string;
  c_extracted: string | null;
  c_correct: boolean;
  c_format: boolean;
}

const CHANGE: Record<string, SQL> = {
  improved: sql`NOT b.correct AND c.correct`,
  regressed: sql`b.correct AND NOT c.correct`,
  both_right: sql`b.correct AND c.correct`,
  both_wrong: sql`NOT b.correct AND NOT c.correct`,
  flipped: sql`b.correct <> c.correct`,
  all: sql`true`,
};

const changeOf = (r: ItemRow): ComparedItem["change"] =>
  r.b_correct === r.c_correct
    ? r.b_correct
      ? "both_right"
      : "both_wrong"
    : r.c_correct
      ? "improved"
      : "regressed";

function toItem(r: ItemRow, contaminated: Set<number>): ComparedItem {
  return {
    position: Number(r.position),
    item_id: r.item_id,
    prompt: r.prompt,
    expected_answer: r.expected_answer,
    category: r.category,
    change: changeOf(r),
    contaminated: contaminated.has(Number(r.position)),
    baseline: { output: r.b_output, extracted: r.b_extracted, correct: r.b_correct, format_ok: r.b_format },
    candidate: { output: r.c_output, extracted: r.c_extracted, correct: r.c_correct, format_ok: r.c_format },
  };
}

function itemsQuery(baseline: string, candidate: string, setId: string, where: SQL, tail: SQL) {
  return sql`SELECT i.position, i.item_id, i.prompt, i.expected_answer, i.category,
      b.output AS b_output, b.extracted AS b_extracted, b.correct AS b_correct, b.format_ok AS b_format,
      c.output AS c_output, c.extracted AS c_extracted, c.correct AS c_correct, c.format_ok AS c_format
    FROM eval_results b
    JOIN eval_results c ON c.run_id = ${candidate} AND c.position = b.position
    JOIN eval_items i ON i.eval_set_id = ${setId} AND i.position = b.position
    WHERE b.run_id = ${baseline} AND ${where} ${tail}`;
}

/** The candidate's training prompts among the items, to flag answers that may be remembered. */
async function candidateContamination(deps: ServiceDeps, subjectRunId: string | null, setId: string) {
  if (!subjectRunId) return new Set<number>();
  const rows = await queryRows<{ dataset_key: string }>(
    deps.db,
    sql`SELECT dataset_key FROM runs WHERE id = ${subjectRunId}`,
  );
  return rows[0] ? new Set(await contaminatedPositions(deps, setId, rows[0].dataset_key)) : new Set<number>();
}

/** The items of two evaluations side by side, by the kind of change, in item order. */
export async function compareItems(deps: ServiceDeps, q: CompareItemsQuery): Promise<CompareItemsResponse> {
  const { base, cand } = await loadPair(deps, q);
  const after = q.cursor === undefined ? -1 : Number(q.cursor);
  if (!Number.isInteger(after) || after < -1)
    throw new AppError("validation", "cursor is invalid", {
      errors: [{ field: "query/cursor", message: "not a cursor returned by this API" }],
    });
  const rows = await queryRows<ItemRow>(
    deps.db,
    itemsQuery(
      base.id,
      cand.id,
      base.eval_set_id!,
      sql`${CHANGE[q.change]!} AND b.position > ${after}`,
      sql`ORDER BY b.position LIMIT ${q.limit + 1}`,
    ),
  );
  const flagged = await candidateContamination(deps, cand.parent_run_id, base.eval_set_id!);
  const page = rows.slice(0, q.limit);
  return {
    data: page.map((r) => toItem(r, flagged)),
    pagination: {
      limit: q.limit,
      next_cursor: rows.length > q.limit ? String(page[page.length - 1]!.position) : null,
    },
  };
}

/** An output's reasoning as steps: one per numbered line (or per line of a tagged block). */
export function outputSteps(output: string, style: "numbered" | "tagged"): TraceStep[] {
  return reasoningText(output, style)
    .split("\n")
    .map((line) => line.replace(/^\s*\d+\.\s*/, "").trim())
    .filter(Boolean)
    .map((content, i) => ({ i, type: "reasoning", content }));
}

/** One item of two evaluations: both outputs as steps, aligned, with the first divergence. */
export async function compareItem(
  deps: ServiceDeps,
  q: { baseline: string; candidate: string },
  position: number,
): Promise<CompareItemDetail> {
  const { base, cand } = await loadPair(deps, q);
  const [row] = await queryRows<ItemRow>(
    deps.db,
    itemsQuery(base.id, cand.id, base.eval_set_id!, sql`b.position = ${position}`, sql``),
  );
  if (!row) throw new AppError("not_found", `Item ${position} is not in these evaluations`);
  const flagged = await candidateContamination(deps, cand.parent_run_id, base.eval_set_id!);
  const item = toItem(row, flagged);
  const bSteps = outputSteps(item.baseline.output, toEvaluationDetail(base).response_style);
  const cSteps = outputSteps(item.candidate.output, toEvaluationDetail(cand).response_style);
  return { ...item, baseline_steps: bSteps, candidate_steps: cSteps, alignment: alignSteps(bSteps, cSteps) };
}
