import {
  EVAL_JUDGE,
  EvalRunConfig,
  type EvaluateRunBody,
  type SeedEvaluationResponse,
} from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { getDatasetRow } from "../datasets/get-dataset.js";
import type { ServiceDeps } from "../deps.js";
import { getRunRow } from "../runs/run-row.js";
import { buildEvalSet } from "./build-eval-set.js";
import { type EvaluationRow, getEvaluationRow, toEvaluationDetail } from "./get-evaluation.js";
import { type SubmitEvalContext, submitEvalRun } from "./submit-eval-run.js";

/** detailed_metrics lists at most this many items; GET /api/evals/runs/{id}/items pages through all. */
export const SEED_DETAIL_MAX = 10_000;

/** The eval set a run is evaluated on when the request names none: its dataset's test split. */
async function testSplitSet(deps: ServiceDeps, datasetKey: string): Promise<string> {
  const dataset = await getDatasetRow(deps, datasetKey);
  const key = `${dataset.dataset_key}-test`;
  const existing = await queryRows<{ source: { dataset_id?: string } }>(
    deps.db,
    sql`SELECT source FROM eval_sets WHERE eval_set_key = ${key}`,
  );
  if (existing[0]) {
    if (existing[0].source.dataset_id === dataset.id) return key;
    throw new AppError(
      "conflict",
      `Eval set ${key} exists and is not ${datasetKey}'s test split; name an eval_set`,
    );
  }
  if (!Number(dataset.split_counts.test ?? 0))
    throw new AppError(
      "validation",
      `Dataset ${datasetKey} has no test split: name an eval_set to evaluate on`,
      {
        errors: [{ field: "eval_set", message: "required: the run's dataset has no test split" }],
      },
    );
  await buildEvalSet(deps, {
    name: dataset.dataset_key,
    version: "test",
    description: `The test split of ${dataset.dataset_key}`,
    extraction: ["tagged", "answer_line", "last_number"],
    source: { kind: "dataset", dataset_key: dataset.dataset_key, split: "test" },
  }).catch(async (err) => {
    // Made at the same moment by another request: that one is as good.
    if (err instanceof AppError && err.code === "conflict") return;
    throw err;
  });
  return key;
}

/**
 * The seed's `POST /api/tunix/runs/{id}/evaluate`, with real meaning: an evaluation run of the
 * run's checkpoint (final by default) on an eval set (by default its dataset's test split).
 */
export async function evaluateRun(
  deps: ServiceDeps,
  runId: string,
  body: EvaluateRunBody,
  ctx: SubmitEvalContext,
): Promise<SeedEvaluationResponse> {
  const run = await getRunRow(deps, runId);
  const evalSet = body.eval_set ?? (await testSplitSet(deps, run.dataset_key));
  const detail = await submitEvalRun(
    deps,
    {
      eval_set: evalSet,
      model: { run_id: run.id, checkpoint: body.checkpoint },
      judge: body.judge,
      max_new_tokens: body.max_new_tokens,
      batch_size: body.batch_size,
      pass_threshold: body.pass_threshold,
      labels: run.labels,
      priority: run.priority,
      max_attempts: 1,
    },
    ctx,
  );
  return toSeedEvaluation(deps, await getEvaluationRow(deps, detail.run_id));
}

/**
 * The seed's `GET /api/tunix/runs/{id}/evaluation`: an evaluation run's own, or a training run's
 * newest finished evaluation (else the newest still going); 404 when it has none.
 */
export async function seedEvaluation(deps: ServiceDeps, runId: string): Promise<SeedEvaluationResponse> {
  const run = await getRunRow(deps, runId);
  if (run.kind === "eval") return toSeedEvaluation(deps, await getEvaluationRow(deps, run.id));
  const rows = await queryRows<{ id: string }>(
    deps.db,
    sql`SELECT r.id FROM runs r LEFT JOIN evaluations e ON e.run_id = r.id
        WHERE r.kind = 'eval' AND r.parent_run_id = ${run.id} AND r.status <> 'cancelled'
        ORDER BY (e.run_id IS NOT NULL) DESC, r.id DESC LIMIT 1`,
  );
  if (!rows[0]) throw new AppError("not_found", "Evaluation not found");
  return toSeedEvaluation(deps, await getEvaluationRow(deps, rows[0].id));
}

async function toSeedEvaluation(deps: ServiceDeps, row: EvaluationRow): Promise<SeedEvaluationResponse> {
  const d = toEvaluationDetail(row);
  const c = EvalRunConfig.parse(row.config);
  const s = d.summary;
  const items = s
    ? await queryRows<{
        item_id: string;
        expected_answer: string;
        extracted: string | null;
        correct: boolean;
        format_ok: boolean;
      }>(
        deps.db,
        sql`SELECT i.item_id, i.expected_answer, r.extracted, r.correct, r.format_ok
            FROM eval_results r JOIN eval_items i ON i.eval_set_id = ${c.eval_set.id} AND i.position = r.position
            WHERE r.run_id = ${row.id} ORDER BY r.position LIMIT ${SEED_DETAIL_MAX}`,
      )
    : [];
  const metrics: Record<string, number> = s
    ? {
        accuracy: s.accuracy,
        accuracy_ci_low: s.ci95[0],
        accuracy_ci_high: s.ci95[1],
        n: s.n,
        format_rate: s.format_rate,
        answered_rate: s.n ? s.answered / s.n : 0,
        ...(s.mean_reasoning_tokens === null ? {} : { mean_reasoning_tokens: s.mean_reasoning_tokens }),
        ...(s.tokens_per_correct === null ? {} : { tokens_per_correct: s.tokens_per_correct }),
      }
    : {};
  return {
    evaluation_id: d.evaluation_id,
    run_id: c.subject.run_id ?? d.evaluation_id,
    score: s ? Math.round(s.accuracy * 10_000) / 100 : null,
    verdict: d.verdict,
    metrics,
    detailed_metrics: items.map((i) => ({
      name: i.item_id,
      score: i.correct ? 1 : 0,
      max_score: 1,
      details: {
        expected: i.expected_answer,
        extracted: i.extracted,
        correct: i.correct,
        format_ok: i.format_ok,
      },
    })),
    judge: { ...EVAL_JUDGE },
    evaluated_at: d.evaluated_at,
    status: d.status,
    eval_set: c.eval_set.key,
    checkpoint: c.subject.checkpoint,
    step: c.subject.step,
  };
}
