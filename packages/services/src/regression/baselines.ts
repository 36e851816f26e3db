import type { Baseline, PutBaselineBody } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { getEvalSetRow } from "../evals/eval-set-row.js";
import { toIso } from "../ids.js";
import { latestEvaluationOf, resolveModelRef } from "../leaderboard/model-ref.js";

interface BaselineRow {
  name: string;
  model: string;
  eval_set_id: string;
  eval_set_key: string;
  max_drop: number;
  created_at: string;
  updated_at: string;
}

const DEFAULT_MAX_DROP = 0.02;

async function toBaseline(deps: ServiceDeps, r: BaselineRow): Promise<Baseline> {
  const model = await resolveModelRef(deps, r.model).catch(() => null);
  return {
    name: r.name,
    model: r.model,
    model_key: model?.key ?? r.model,
    eval_set: r.eval_set_key,
    max_drop: Number(r.max_drop),
    created_at: toIso(r.created_at),
    updated_at: toIso(r.updated_at),
  };
}

const SELECT = sql`SELECT b.*, s.eval_set_key FROM regression_baselines b JOIN eval_sets s ON s.id = b.eval_set_id`;

/** The eval set of a run's latest completed evaluation (the seed pinned runs, not sets). */
async function latestSetOf(deps: ServiceDeps, runId: string): Promise<string> {
  const rows = await queryRows<{ eval_set_key: string }>(
    deps.db,
    sql`SELECT s.eval_set_key FROM evaluations e JOIN eval_sets s ON s.id = e.eval_set_id
        JOIN runs er ON er.id = e.run_id AND er.status = 'completed'
        WHERE e.subject_run_id = ${runId} ORDER BY e.evaluated_at DESC LIMIT 1`,
  );
  if (!rows[0])
    throw new AppError(
      "validation",
      `Run ${runId} has no evaluation to pin as a baseline; evaluate it first`,
      {
        errors: [{ field: "run_id", message: "has no completed evaluation" }],
      },
    );
  return rows[0].eval_set_key;
}

/**
 * Pins (or re-pins) a named baseline: a model on an eval set, which must already have an
 * evaluation there, so a later check has something to compare with.
 */
export async function putBaseline(deps: ServiceDeps, body: PutBaselineBody): Promise<Baseline> {
  const ref = body.model ?? body.run_id!;
  const model = await resolveModelRef(deps, ref, body.model ? "model" : "run_id");
  const setKey = body.eval_set ?? (await latestSetOf(deps, model.key.split(":")[0]!));
  const set = await getEvalSetRow(deps, setKey).catch(() => {
    throw new AppError("validation", `No eval set ${setKey}`, {
      errors: [{ field: "eval_set", message: "unknown" }],
    });
  });
  if (!(await latestEvaluationOf(deps, model, set.id)))
    throw new AppError(
      "validation",
      `${ref} has no completed evaluation on ${setKey}; evaluate it there first`,
      {
        errors: [{ field: "model", message: `not evaluated on ${setKey}` }],
      },
    );
  await deps.db.execute(sql`INSERT INTO regression_baselines (name, eval_set_id, model, max_drop)
    VALUES (${body.name}, ${set.id}, ${ref}, ${body.max_drop ?? DEFAULT_MAX_DROP})
    ON CONFLICT (name) DO UPDATE SET eval_set_id = EXCLUDED.eval_set_id, model = EXCLUDED.model,
      max_drop = COALESCE(${body.max_drop ?? null}::float8, regression_baselines.max_drop), updated_at = now()`);
  return getBaseline(deps, body.name);
}

export async function getBaselineRow(deps: ServiceDeps, name: string): Promise<BaselineRow> {
  const rows = await queryRows<BaselineRow>(deps.db, sql`${SELECT} WHERE b.name = ${name}`);
  if (!rows[0]) throw new AppError("not_found", `No regression baseline named ${name}`);
  return rows[0];
}

export async function getBaseline(deps: ServiceDeps, name: string): Promise<Baseline> {
  return toBaseline(deps, await getBaselineRow(deps, name));
}

export async function listBaselines(deps: ServiceDeps): Promise<{ data: Baseline[] }> {
  const rows = await queryRows<BaselineRow>(deps.db, sql`${SELECT} ORDER BY b.name`);
  return { data: await Promise.all(rows.map((r) => toBaseline(deps, r))) };
}

export async function deleteBaseline(deps: ServiceDeps, name: string): Promise<void> {
  const rows = await queryRows(
    deps.db,
    sql`DELETE FROM regression_baselines WHERE name = ${name} RETURNING name`,
  );
  if (!rows.length) throw new AppError("not_found", `No regression baseline named ${name}`);
}
