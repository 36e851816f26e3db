import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { toIso } from "../ids.js";

export interface SeedEvaluationRow {
  evaluation_id: string;
  model: string;
  run_id: string | null;
  eval_set: string;
  /** The seed's 0–100 score: accuracy in percent. */
  score: number;
  accuracy: number;
  ci95: [number, number];
  n: number;
  evaluated_at: string;
}

/**
 * The seed's leaderboard list (`GET /api/tunix/evaluations?limit&offset`): the latest completed
 * evaluation of each model on each eval set, best first, in its `{data, pagination}` shape.
 */
export async function listSeedEvaluations(deps: ServiceDeps, q: { limit: number; offset: number }) {
  const rows = await queryRows<{
    run_id: string;
    mk: string;
    subject_run_id: string | null;
    eval_set_key: string;
    accuracy: number;
    ci_low: number;
    ci_high: number;
    n: number;
    evaluated_at: string;
  }>(
    deps.db,
    sql`SELECT e.model_key AS mk, e.run_id, e.subject_run_id, s.eval_set_key, e.accuracy, e.ci_low, e.ci_high, e.n, e.evaluated_at
      FROM evaluations e JOIN eval_sets s ON s.id = e.eval_set_id
      WHERE e.is_latest
      ORDER BY e.accuracy DESC, e.model_key, s.eval_set_key LIMIT ${q.limit + 1} OFFSET ${q.offset}`,
  );
  const more = rows.length > q.limit;
  const data: SeedEvaluationRow[] = rows.slice(0, q.limit).map((r) => ({
    evaluation_id: r.run_id,
    model: r.mk,
    run_id: r.subject_run_id,
    eval_set: r.eval_set_key,
    score: Math.round(Number(r.accuracy) * 10000) / 100,
    accuracy: Number(r.accuracy),
    ci95: [Number(r.ci_low), Number(r.ci_high)],
    n: Number(r.n),
    evaluated_at: toIso(r.evaluated_at),
  }));
  return {
    data,
    pagination: { limit: q.limit, offset: q.offset, next_offset: more ? q.offset + q.limit : null },
  };
}
