import type { RunStatus } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { lastMetricValues } from "./run-metrics.js";
import { sourcesOf } from "./run-state.js";

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
  const from = sourcesOf(o.status);
  const rows = await queryRows<{ id: string }>(
    deps.db,
    sql`UPDATE runs SET status = ${o.status}, completed_at = now(), exit_code = ${o.exitCode}, error = ${o.error},
          stdout_tail = ${o.stdoutTail}, stderr_tail = ${o.stderrTail}, resumable_from = ${o.resumableFrom},
          final_metrics = ${Object.keys(finalMetrics).length ? JSON.stringify(finalMetrics) : null}::json, lease_expires_at = NULL
        WHERE id = ${runId} AND worker_id = ${workerId} AND status IN (${sql.join(
          from.map((s) => sql`${s}`),
          sql`, `,
        )})
        RETURNING id`,
  );
  return rows.length === 1;
}

/**
 * Runs whose worker stopped renewing the lease: requeued while attempts remain, else failed as
 * `worker_lost`; a run already asked to cancel becomes cancelled. Safe to call from any process.
 */
export async function recoverLostRuns(deps: ServiceDeps): Promise<Array<{ id: string; status: RunStatus }>> {
  return queryRows<{ id: string; status: RunStatus }>(
    deps.db,
    sql`UPDATE runs SET
          status = CASE WHEN status = 'cancel_requested' THEN 'cancelled' WHEN attempt < max_attempts THEN 'pending' ELSE 'failed' END,
          error = CASE WHEN status = 'cancel_requested' THEN 'worker_lost' WHEN attempt < max_attempts THEN 'worker_lost (requeued)' ELSE 'worker_lost' END,
          completed_at = CASE WHEN status <> 'cancel_requested' AND attempt < max_attempts THEN NULL ELSE now() END,
          worker_id = CASE WHEN status <> 'cancel_requested' AND attempt < max_attempts THEN NULL ELSE worker_id END,
          lease_expires_at = NULL
        WHERE status IN ('running', 'cancel_requested') AND lease_expires_at < now()
        RETURNING id, status`,
  );
}

/** Deletes the log lines of runs that ended more than `days` ago (0 keeps everything). */
export async function pruneOldLogs(deps: ServiceDeps, days: number): Promise<void> {
  if (days <= 0) return;
  await deps.db.execute(sql`DELETE FROM run_logs WHERE run_id IN (
    SELECT id FROM runs WHERE completed_at < now() - make_interval(days => ${days}))`);
}
