import {
  EVAL_JUDGE,
  EvalRunConfig,
  type EvalSummary,
  type EvaluationDetail,
  type ListEvaluationsQuery,
  type ListEvaluationsResponse,
  type LlmJudgeSummary,
  type Verdict,
} from "@tunix-rt/contracts";
import { queryRows, type SQL, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { ServiceDeps } from "../deps.js";
import { isUuid, toIso } from "../ids.js";
import type { RunRow } from "../runs/run-row.js";

/** The metric a trainer's predict reports its progress with (items written so far). */
export const PROGRESS_METRIC = "predict/items_done";

export interface EvaluationRow extends RunRow {
  summary: EvalSummary | null;
  evaluated_at: string | null;
  contaminated_items: number | null;
  llm_judge?: LlmJudgeSummary | null;
  items_done: number | null;
  /** The progress points' span: (items, time) of the first and the last. */
  first_done: number | null;
  first_at: string | null;
  last_at: string | null;
}

/** Items per second between the first and the last progress point (the model's load excluded). */
function progressOf(r: EvaluationRow, total: number) {
  const done = Math.min(Number(r.items_done ?? 0), total);
  const span = r.first_at && r.last_at ? (Date.parse(r.last_at) - Date.parse(r.first_at)) / 1000 : 0;
  const rate = span > 0 ? (done - Number(r.first_done ?? 0)) / span : null;
  return {
    done,
    total,
    items_per_second: rate === null ? null : Math.round(rate * 100) / 100,
    eta_seconds: rate ? Math.round((total - done) / rate) : null,
  };
}

/** pass: the whole 95% interval is at or above the threshold; fail: all of it below; else uncertain. */
export function verdictOf(summary: EvalSummary, threshold: number): Verdict {
  if (summary.ci95[0] >= threshold) return "pass";
  if (summary.ci95[1] < threshold) return "fail";
  return "uncertain";
}

export function toEvaluationDetail(r: EvaluationRow): EvaluationDetail {
  const c = EvalRunConfig.parse(r.config);
  const summary = r.summary;
  return {
    evaluation_id: r.id,
    status: r.status,
    eval_set: { key: c.eval_set.key, id: c.eval_set.id, item_count: c.eval_set.item_count },
    subject: c.subject,
    model_id: c.model_id,
    trainer: c.trainer,
    response_style: c.response_style,
    system_instruction: c.system_instruction,
    progress: summary || r.status === "pending" ? null : progressOf(r, c.eval_set.item_count),
    summary,
    verdict: summary ? verdictOf(summary, c.pass_threshold) : null,
    pass_threshold: c.pass_threshold,
    judge: { ...EVAL_JUDGE },
    llm_judge: r.llm_judge ?? null,
    queued_at: toIso(r.created_at),
    started_at: r.started_at ? toIso(r.started_at) : null,
    evaluated_at: r.evaluated_at ? toIso(r.evaluated_at) : null,
    error: r.error,
    continuous: c.continuous,
  };
}

const SELECT = sql`SELECT r.*, e.summary, e.evaluated_at, e.contaminated_items, e.llm_judge, p.items_done, p.first_done, p.first_at, p.last_at
  FROM runs r LEFT JOIN evaluations e ON e.run_id = r.id
  LEFT JOIN LATERAL (SELECT max(m.value) AS items_done, min(m.value) AS first_done, min(m.t) AS first_at, max(m.t) AS last_at
    FROM run_metrics m WHERE m.run_id = r.id AND m.name = ${PROGRESS_METRIC}) p ON true`;

export async function getEvaluationRow(deps: ServiceDeps, id: string): Promise<EvaluationRow> {
  const rows = isUuid(id)
    ? await queryRows<EvaluationRow>(deps.db, sql`${SELECT} WHERE r.id = ${id} AND r.kind = 'eval'`)
    : [];
  if (!rows[0]) throw new AppError("not_found", `Evaluation not found: ${id}`);
  return rows[0];
}

export async function getEvaluation(deps: ServiceDeps, id: string): Promise<EvaluationDetail> {
  return toEvaluationDetail(await getEvaluationRow(deps, id));
}

/** Evaluations, newest first, by eval set, evaluated training run or status. */
export async function listEvaluations(
  deps: ServiceDeps,
  q: ListEvaluationsQuery,
): Promise<ListEvaluationsResponse> {
  const where: SQL[] = [sql`r.kind = 'eval'`];
  if (q.cursor) where.push(sql`r.id < ${decodeCursor(q.cursor)}`);
  if (q.eval_set) where.push(sql`r.dataset_key = ${q.eval_set}`);
  if (q.run_id) {
    if (!isUuid(q.run_id)) return { data: [], pagination: { limit: q.limit, next_cursor: null } };
    where.push(sql`r.parent_run_id = ${q.run_id}`);
  }
  if (q.status) where.push(sql`r.status = ${q.status}`);
  const rows = await queryRows<EvaluationRow>(
    deps.db,
    sql`${SELECT} WHERE ${sql.join(where, sql` AND `)} ORDER BY r.id DESC LIMIT ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  return {
    data: page.map(toEvaluationDetail),
    pagination: {
      limit: q.limit,
      next_cursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!.id) : null,
    },
  };
}
