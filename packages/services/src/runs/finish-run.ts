import type { RunStatus } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { publishRunEvent, type ServiceDeps } from "../deps.js";
import { lastMetricValues } from "./run-metrics.js";
import { type RunRow, statusEvent } from "./run-row.js";
import { guardTo } from "./run-state.js";

export interface RunOutcome {
  status: Extract<RunStatus, "completed" | "failed" | "timeout" | "cancelled">;
  exitCode: number | null;
  error: string | null;
  stdoutTail: string;
  stderrTail: string;
  resumableFrom: string | null;
}

/**
 * Records how a run ended. Only the worker that holds the run may end it, and only from a state
 * the state machine allows; returns false when the run was taken away (lease lapsed and recovered).
 */
export async function finishRun(
  deps: ServiceDeps,
  runId: string,
  workerId: string,
  o: RunOutcome,
): Promise<boolean> {
  const finalMetrics = await lastMetricValues(deps, runId);
  const rows = await queryRows<Pick<RunRow, "id" | "status" | "exit_code" | "error">>(
    deps.db,
    sql`UPDATE runs SET status = ${o.status}, completed_at = now(), exit_code = ${o.exitCode}, error = ${o.error},
          stdout_tail = ${o.stdoutTail}, stderr_tail = ${o.stderrTail}, resumable_from = ${o.resumableFrom},
          final_metrics = ${Object.keys(finalMetrics).length ? JSON.stringify(finalMetrics) : null}::json, lease_expires_at = NULL
        WHERE id = ${runId} AND worker_id = ${workerId} AND ${guardTo(o.status)}
        RETURNING id, status, exit_code, error`,
  );
  if (rows[0]) publishRunEvent(deps, statusEvent(rows[0]));
  return rows.length === 1;
}

/**
 * A lost run is requeued while attempts remain, else failed; one already asked to cancel ends
 * cancelled. The guards name exactly these moves, each checked against the state table.
 */
const REQUEUE = guardTo("pending", ["running"]);
const LOST_FAIL = guardTo("failed", ["running"]);
const LOST_CANCEL = guardTo("cancelled", ["cancel_requested"]);

/**
 * Runs whose worker stopped renewing the lease: requeued while attempts remain, else failed as
 * `worker_lost`; a run already asked to cancel becomes cancelled. Safe to call from any process;
 * announces each change (and the requeues, so an idle worker claims them).
 */
export async function recoverLostRuns(deps: ServiceDeps): Promise<Array<{ id: string; status: RunStatus }>> {
  const rows = await queryRows<Pick<RunRow, "id" | "status" | "exit_code" | "error">>(
    deps.db,
    sql`UPDATE runs SET
          status = CASE WHEN ${LOST_CANCEL} THEN 'cancelled' WHEN attempt < max_attempts THEN 'pending' ELSE 'failed' END,
          error = CASE WHEN ${LOST_CANCEL} THEN 'worker_lost' WHEN attempt < max_attempts THEN 'worker_lost (requeued)' ELSE 'worker_lost' END,
          completed_at = CASE WHEN ${REQUEUE} AND attempt < max_attempts THEN NULL ELSE now() END,
          worker_id = CASE WHEN ${REQUEUE} AND attempt < max_attempts THEN NULL ELSE worker_id END,
          lease_expires_at = NULL
        WHERE (${REQUEUE} OR ${LOST_FAIL} OR ${LOST_CANCEL}) AND lease_expires_at < now()
        RETURNING id, status, exit_code, error`,
  );
  for (const r of rows) {
    publishRunEvent(deps, statusEvent(r));
    if (r.status === "pending") publishRunEvent(deps, { type: "queued", run_id: r.id });
  }
  return rows.map((r) => ({ id: r.id, status: r.status }));
}

const SHUTDOWN_CANCEL = guardTo("cancel_requested", ["running"]);

/**
 * A worker shutting down past its grace period records the runs it still holds as asked to
 * cancel, so that ending them `cancelled` is a legal move.
 */
export async function requestShutdownCancel(deps: ServiceDeps, workerId: string, runIds: string[]) {
  if (!runIds.length) return;
  const rows = await queryRows<Pick<RunRow, "id" | "status" | "exit_code" | "error">>(
    deps.db,
    sql`UPDATE runs SET status = 'cancel_requested'
        WHERE worker_id = ${workerId} AND ${SHUTDOWN_CANCEL} AND id IN (${sql.join(
          runIds.map((i) => sql`${i}`),
          sql`, `,
        )}) RETURNING id, status, exit_code, error`,
  );
  for (const r of rows) publishRunEvent(deps, statusEvent(r));
}

/** Deletes the log lines of runs that ended more than `days` ago (0 keeps everything). */
export async function pruneOldLogs(deps: ServiceDeps, days: number): Promise<void> {
  if (days <= 0) return;
  await deps.db.execute(sql`DELETE FROM run_logs WHERE run_id IN (
    SELECT id FROM runs WHERE completed_at < now() - make_interval(days => ${days}))`);
}
