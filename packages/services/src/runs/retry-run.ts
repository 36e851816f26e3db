import { EngineRunConfig, RUN_KINDS, RunConfig, type RunDetail } from "@tunix-rt/contracts";
import { AppError } from "../app-error.js";
import { getDatasetRow } from "../datasets/get-dataset.js";
import type { ServiceDeps } from "../deps.js";
import { insertRun } from "./insert-run.js";
import { getRunRow, toRunDetail } from "./run-row.js";
import { isTerminal } from "./run-state.js";
import type { SubmitRunContext } from "./submit-run.js";

/**
 * A new run with the ended run's resolved config (same kind, trainer, model and hyperparameters);
 * with `resume`, it continues from that run's last checkpoint.
 */
export async function retryRun(
  deps: ServiceDeps,
  id: string,
  resume: boolean,
  ctx: SubmitRunContext,
): Promise<RunDetail> {
  const old = await getRunRow(deps, id);
  if (!isTerminal(old.status))
    throw new AppError("conflict", `Run ${id} is still ${old.status}; cancel it or wait for it to end`);
  if (resume && !old.resumable_from)
    throw new AppError("conflict", `Run ${id} left no checkpoint to resume from`);
  // A built-in kind's config is read with its own schema; another kind's executor checks its own.
  const builtIn = (RUN_KINDS as readonly string[]).includes(old.kind);
  const stored = (builtIn ? RunConfig : EngineRunConfig).safeParse(old.config);
  if (!stored.success)
    throw new AppError("conflict", `Run ${id} has a config this version cannot read again; submit it anew`);
  // The dataset version must still be there (a run keeps it from deletion, but a dry run does not).
  const training = old.kind === "train";
  const datasetId =
    old.dataset_id ?? (training ? (await getDatasetRow(deps, stored.data.dataset_key)).id : null);
  const config = {
    ...stored.data,
    ...(resume
      ? { resume_from: { run_id: old.id, checkpoint: old.resumable_from } }
      : training
        ? { resume_from: null }
        : {}),
  };
  const row = await insertRun(deps, {
    config,
    datasetId,
    retryOf: old.id,
    name: old.name,
    evalSetId: old.eval_set_id,
    parentRunId: old.parent_run_id,
  });
  return toRunDetail(row, ctx.runDir(row.id));
}
