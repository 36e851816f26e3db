import type { EvalItemResult, ListEvalResultsQuery, ListEvalResultsResponse } from "@tunix-rt/contracts";
import { queryRows, type SQL, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { getEvaluationRow } from "./get-evaluation.js";

const FILTERS: Record<ListEvalResultsQuery["filter"], SQL> = {
  all: sql`true`,
  correct: sql`r.correct`,
  wrong: sql`NOT r.correct`,
  bad_format: sql`NOT r.format_ok`,
  unanswered: sql`r.extracted IS NULL`,
};

type Row = Omit<EvalItemResult, "position"> & { position: number };

/** An evaluation's items with what the model said, filtered (e.g. to the wrong ones), in order. */
export async function listEvalResults(
  deps: ServiceDeps,
  evaluationId: string,
  q: ListEvalResultsQuery,
): Promise<ListEvalResultsResponse> {
  const run = await getEvaluationRow(deps, evaluationId);
  const after = q.cursor === undefined ? -1 : Number(q.cursor);
  if (!Number.isInteger(after))
    throw new AppError("validation", "Invalid query parameters", {
      errors: [{ field: "query/cursor", message: "must be a position from a previous page" }],
    });
  const rows = await queryRows<Row>(
    deps.db,
    sql`SELECT r.position, i.item_id, i.prompt, i.expected_answer, i.category, i.difficulty, r.output, r.extracted,
          r.extraction, r.correct, r.match_method, r.format_ok, r.output_tokens, r.reasoning_tokens, r.latency_ms
        FROM eval_results r JOIN eval_items i ON i.eval_set_id = ${run.eval_set_id} AND i.position = r.position
        WHERE r.run_id = ${run.id} AND r.position > ${after} AND ${FILTERS[q.filter]}
          ${q.category === undefined ? sql`` : sql`AND i.category = ${q.category}`}
        ORDER BY r.position LIMIT ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit).map((r) => ({
    ...r,
    position: Number(r.position),
    output_tokens: r.output_tokens === null ? null : Number(r.output_tokens),
    reasoning_tokens: r.reasoning_tokens === null ? null : Number(r.reasoning_tokens),
    latency_ms: r.latency_ms === null ? null : Number(r.latency_ms),
  }));
  return {
    data: page,
    pagination: {
      limit: q.limit,
      next_cursor: rows.length > q.limit ? String(page[page.length - 1]!.position) : null,
    },
  };
}
