import type { RunDetail } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { getRunRow, toRunDetail } from "./run-row.js";
import { isTerminal } from "./run-state.js";

/**
 * pending → cancelled at once; running → cancel_requested (the worker holding it hears it and
 * stops the trainer). Asking again is harmless; a finished run answers 409.
 */
export async function cancelRun(
  deps: ServiceDeps,
  id: string,
  notify: (runId: string) => void,
  runDir = "",
): Promise<RunDetail> {
  const run = await getRunRow(deps, id);
  if (isTerminal(run.status))
    throw new AppError("conflict", `Run is already in terminal state: ${run.status}`);
  await queryRows(
    deps.db,
    sql`UPDATE runs SET
          status = CASE status WHEN 'pending' THEN 'cancelled' WHEN 'running' THEN 'cancel_requested' ELSE status END,
          completed_at = CASE status WHEN 'pending' THEN now() ELSE completed_at END,
          stderr_tail = CASE status WHEN 'pending' THEN stderr_tail || E'\\nRun cancelled before starting.' ELSE stderr_tail END
        WHERE id = ${id} AND status IN ('pending', 'running', 'cancel_requested') RETURNING id`,
  );
  notify(id);
  return toRunDetail(await getRunRow(deps, id), runDir);
}
