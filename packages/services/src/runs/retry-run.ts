import type { RunDetail } from "@tunix-rt/contracts";
import { sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { getRunRow } from "./run-row.js";
import { isTerminal } from "./run-state.js";
import { type SubmitRunContext, submitRun } from "./submit-run.js";

/** A new run with the same request; with `resume`, it continues from the old run's last checkpoint. */
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
  const { dataset: _d, resume_from: _r, num_epochs, ...request } = old.config as Record<string, unknown>;
  const body = {
    ...request,
    ...(num_epochs === undefined || num_epochs === null ? {} : { num_epochs }),
    dataset_key: old.dataset_key,
    dry_run: false,
    resume_from: resume ? `${old.id}/${old.resumable_from}` : null,
  };
  const detail = await submitRun(deps, body, ctx);
  await deps.db.execute(sql`UPDATE runs SET retry_of = ${old.id} WHERE id = ${detail.run_id}`);
  return { ...detail, retry_of: old.id };
}
