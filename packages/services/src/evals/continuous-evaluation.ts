import { type RunDetail, TrainRunConfig } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import type { RunRow } from "../runs/run-row.js";
import { type SubmitEvalContext, submitEvalRun } from "./submit-eval-run.js";

/**
 * Continuous evaluation: queues an evaluation run of a training run's checkpoint on each eval set
 * the run names, once per (checkpoint, eval set) however often it is called (a requeued attempt
 * rescans). They are runs of their own, so they survive a worker's loss and can be retried.
 * Queued just above the training run's priority, on workers with the same labels.
 */
export async function submitCheckpointEvaluations(
  deps: ServiceDeps,
  run: RunRow,
  step: number,
  ctx: SubmitEvalContext,
): Promise<RunDetail[]> {
  const train = TrainRunConfig.safeParse(run.config);
  if (!train.success || train.data.eval_sets.length === 0) return [];
  const queued: RunDetail[] = [];
  for (const set of train.data.eval_sets) {
    const existing = await queryRows<{ id: string }>(
      deps.db,
      sql`SELECT id FROM runs WHERE kind = 'eval' AND parent_run_id = ${run.id} AND eval_set_id = ${set.id}
            AND (config->'subject'->>'step')::int = ${step} AND (config->>'continuous')::boolean LIMIT 1`,
    );
    if (existing.length) continue;
    queued.push(
      await submitEvalRun(
        deps,
        {
          eval_set: set.key,
          model: { run_id: run.id, checkpoint: String(step) },
          judge: "verifier",
          max_new_tokens: 256,
          batch_size: 32,
          pass_threshold: 0.5,
          labels: run.labels,
          priority: Math.min(1000, run.priority + 1),
          max_attempts: 2,
          continuous: true,
        },
        ctx,
      ),
    );
  }
  return queued;
}
