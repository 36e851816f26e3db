import type { RunDetail } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { publishRunEvent, type ServiceDeps } from "../deps.js";
import { getRunRow, statusEvent, toRunDetail } from "./run-row.js";
import { guardedMoves, isTerminal } from "./run-state.js";

// What a user's cancel does to each state: a queued run ends at once, a running one is asked to stop.
const USER_CANCEL = guardedMoves({ pending: "cancelled", running: "cancel_requested" });

/**
 * pending → cancelled at once; running → cancel_requested (the worker holding it hears the
 * `cancel` event and stops the trainer). Asking again is harmless; a finished run answers 409.
 */
export async function cancelRun(deps: ServiceDeps, id: string, runDir = ""): Promise<RunDetail> {
  const run = await getRunRow(deps, id);
  if (isTerminal(run.status))
    throw new AppError("conflict", `Run is already in terminal state: ${run.status}`);
  const moved = await queryRows<{ status: string }>(
    deps.db,
    sql`UPDATE runs SET
          status = ${USER_CANCEL.to},
          completed_at = CASE status WHEN 'pending' THEN now() ELSE completed_at END,
          stderr_tail = CASE status WHEN 'pending' THEN stderr_tail || E'\\nRun cancelled before starting.' ELSE stderr_tail END
        WHERE id = ${id} AND ${USER_CANCEL.where} RETURNING status`,
  );
  const after = await getRunRow(deps, id);
  if (moved.length) {
    if (after.status === "cancel_requested") publishRunEvent(deps, { type: "cancel", run_id: id });
    publishRunEvent(deps, statusEvent(after));
  }
  return toRunDetail(after, runDir);
}
