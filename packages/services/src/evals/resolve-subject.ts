import { type EvalModel, TrainRunConfig } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { getRunRow, type RunRow } from "../runs/run-row.js";
import { isTerminal } from "../runs/run-state.js";
import { availableSteps } from "./checkpoints.js";

export interface ResolvedSubject {
  run: RunRow | null;
  train: TrainRunConfig | null;
  subject: { run_id: string | null; checkpoint: string; requested: string; step: number | null };
}

const field = (message: string) => ({ errors: [{ field: "model/checkpoint", message }] });

/**
 * The best evaluated checkpoint of a training run: on the eval set its continuous evaluation uses
 * (or the only one its checkpoints were evaluated on), by its `best_metric`, ties going to the
 * better-formatted and then the later step. Null when nothing was evaluated yet.
 */
export async function bestEvaluation(
  deps: ServiceDeps,
  run: RunRow,
): Promise<{ evaluation_id: string; step: number; checkpoint: string; eval_set_id: string } | null> {
  const train = TrainRunConfig.safeParse(run.config);
  const metric = train.success && train.data.best_metric === "format_rate" ? sql`format_rate` : sql`accuracy`;
  let setId = train.success ? train.data.eval_sets[0]?.id : undefined;
  if (!setId) {
    const used = await queryRows<{ eval_set_id: string }>(
      deps.db,
      sql`SELECT DISTINCT eval_set_id FROM evaluations WHERE subject_run_id = ${run.id} AND step IS NOT NULL AND checkpoint <> 'init'`,
    );
    if (used.length !== 1) return null;
    setId = used[0]!.eval_set_id;
  }
  const rows = await queryRows<{ run_id: string; step: number; checkpoint: string }>(
    deps.db,
    sql`SELECT run_id, step, checkpoint FROM evaluations
        WHERE subject_run_id = ${run.id} AND eval_set_id = ${setId} AND step IS NOT NULL AND checkpoint <> 'init'
        ORDER BY ${metric} DESC, format_rate DESC, step DESC LIMIT 1`,
  );
  const r = rows[0];
  return r
    ? { evaluation_id: r.run_id, step: Number(r.step), checkpoint: r.checkpoint, eval_set_id: setId }
    : null;
}

/**
 * What an evaluation loads, resolved when it is submitted so that it is reproducible: `init`,
 * `final` (the last checkpoint of a finished run), `best`, or a step that still has a copy.
 */
export async function resolveSubject(
  deps: ServiceDeps,
  model: EvalModel,
  runDir: (id: string) => string,
): Promise<ResolvedSubject> {
  if (!("run_id" in model))
    return {
      run: null,
      train: null,
      subject: { run_id: null, checkpoint: "init", requested: "base", step: null },
    };
  const run = await getRunRow(deps, model.run_id).catch(() => {
    throw new AppError("validation", `model.run_id names an unknown run ${model.run_id}`, {
      errors: [{ field: "model/run_id", message: "unknown run" }],
    });
  });
  const train = TrainRunConfig.safeParse(run.config);
  if (run.kind !== "train" || !train.success)
    throw new AppError("validation", `Run ${run.id} is not a training run; evaluate a training run's model`, {
      errors: [{ field: "model/run_id", message: `a ${run.kind} run has no model` }],
    });
  if (run.mode === "dry-run")
    throw new AppError("validation", `Run ${run.id} was a dry run: it trained nothing`, {
      errors: [{ field: "model/run_id", message: "a dry run has no checkpoints" }],
    });
  const requested = model.checkpoint.trim().toLowerCase();
  const at = (step: number, checkpoint = `checkpoints/${step}`) => ({
    run,
    train: train.data,
    subject: { run_id: run.id, checkpoint, requested, step },
  });
  if (requested === "init") return at(0, "init");
  const steps = await availableSteps(deps, run.id, runDir);
  const have = steps.length
    ? `run ${run.id} has: ${steps.join(", ")}`
    : `run ${run.id} has no checkpoints left`;
  if (requested === "final" || requested === "latest") {
    if (!isTerminal(run.status))
      throw new AppError(
        "conflict",
        `Run ${run.id} is still ${run.status}: it has no final checkpoint yet; evaluate a saved step (${have}) or wait`,
      );
    const last = steps.at(-1);
    if (last === undefined) throw new AppError("conflict", `Run ${run.id} left no checkpoint to evaluate`);
    return at(last);
  }
  if (requested === "best") {
    const best = await bestEvaluation(deps, run);
    if (!best)
      throw new AppError(
        "conflict",
        `Run ${run.id} has no evaluated checkpoints to choose the best from: give it eval_sets, or evaluate its checkpoints on one eval set`,
      );
    return at(best.step);
  }
  const m = /^(?:checkpoints\/)?(\d+)$/.exec(requested);
  if (!m)
    throw new AppError(
      "validation",
      "Invalid evaluation request",
      field('"final", "best", "init" or a step'),
    );
  const step = Number(m[1]);
  if (!steps.includes(step))
    throw new AppError("validation", `Checkpoint ${step} of run ${run.id} is not there`, field(have));
  return at(step);
}
