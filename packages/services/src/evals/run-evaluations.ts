import { type RunEvaluationsResponse, TrainRunConfig } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { getRunRow } from "../runs/run-row.js";
import { bestEvaluation } from "./resolve-subject.js";

interface PointRow {
  id: string;
  status: RunEvaluationsResponse["eval_sets"][number]["points"][number]["status"];
  eval_set_key: string;
  eval_set_id: string;
  checkpoint: string;
  step: number | null;
  n: number | null;
  accuracy: number | null;
  ci_low: number | null;
  ci_high: number | null;
  format_rate: number | null;
}

/**
 * A training run's evaluations over its checkpoints, per eval set, in step order (the latest
 * evaluation of a step counts), with the best checkpoint marked: what its page charts next to
 * the loss. Eval sets named for continuous evaluation come first, even before any is done.
 */
export async function runEvaluations(deps: ServiceDeps, runId: string): Promise<RunEvaluationsResponse> {
  const run = await getRunRow(deps, runId);
  const train = TrainRunConfig.safeParse(run.config);
  const rows = await queryRows<PointRow>(
    deps.db,
    sql`SELECT DISTINCT ON (r.eval_set_id, r.config->'subject'->>'checkpoint')
          r.id, r.status, r.dataset_key AS eval_set_key, r.eval_set_id, r.config->'subject'->>'checkpoint' AS checkpoint,
          (r.config->'subject'->>'step')::int AS step, e.n, e.accuracy, e.ci_low, e.ci_high, e.format_rate
        FROM runs r LEFT JOIN evaluations e ON e.run_id = r.id
        WHERE r.kind = 'eval' AND r.parent_run_id = ${run.id} AND r.status <> 'cancelled'
        ORDER BY r.eval_set_id, r.config->'subject'->>'checkpoint', (e.run_id IS NOT NULL) DESC, r.id DESC`,
  );
  const best = await bestEvaluation(deps, run);
  const order = train.success ? train.data.eval_sets.map((s) => s.key) : [];
  const keys = [...new Set([...order, ...rows.map((r) => r.eval_set_key)])];
  return {
    run_id: run.id,
    best_metric: train.success ? train.data.best_metric : "accuracy",
    eval_sets: keys.map((key) => {
      const points = rows
        .filter((r) => r.eval_set_key === key)
        .sort((a, b) => (a.step ?? -1) - (b.step ?? -1))
        .map((r) => ({
          evaluation_id: r.id,
          checkpoint: r.checkpoint,
          step: r.step === null ? null : Number(r.step),
          status: r.status,
          n: r.n === null ? null : Number(r.n),
          accuracy: r.accuracy === null ? null : Number(r.accuracy),
          ci95:
            r.ci_low === null || r.ci_high === null
              ? null
              : ([Number(r.ci_low), Number(r.ci_high)] as [number, number]),
          format_rate: r.format_rate === null ? null : Number(r.format_rate),
        }));
      const mark = best && points.find((p) => p.evaluation_id === best.evaluation_id);
      return {
        key,
        points,
        best: mark
          ? { evaluation_id: mark.evaluation_id, checkpoint: mark.checkpoint, step: mark.step }
          : null,
      };
    }),
  };
}
