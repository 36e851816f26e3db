import { queryRows, sql } from "@tunix-rt/db";
import { publishRunEvent, type ServiceDeps } from "../deps.js";
import { type RunRow, statusEvent } from "./run-row.js";
import { guardTo } from "./run-state.js";

export interface ClaimingWorker {
  id: string;
  /** Run kinds it has executors for. */
  kinds: string[];
  /** Trainer backends its host can run. */
  trainers: string[];
  labels: string[];
}

const list = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * Atomically takes the best pending run this worker can serve: highest priority, then oldest.
 * SKIP LOCKED lets many workers claim at once without waiting on, or double-taking, a row. A run
 * is served when the worker executes its kind, offers its trainer and has every label it asks for.
 */
export async function claimRun(
  deps: ServiceDeps,
  worker: ClaimingWorker,
  leaseSeconds: number,
): Promise<RunRow | null> {
  if (worker.trainers.length === 0 || worker.kinds.length === 0) return null;
  const rows = await queryRows<RunRow>(
    deps.db,
    sql`UPDATE runs SET status = 'running', worker_id = ${worker.id}, started_at = now(), attempt = attempt + 1,
          lease_expires_at = now() + make_interval(secs => ${leaseSeconds}), error = NULL, exit_code = NULL
        WHERE id = (
          SELECT id FROM runs
          WHERE ${guardTo("running")} AND mode = 'local'
            AND kind IN (${list(worker.kinds)})
            AND trainer IN (${list(worker.trainers)})
            AND labels <@ ${JSON.stringify(worker.labels)}::jsonb
          ORDER BY priority DESC, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
        AND ${guardTo("running")}
        RETURNING *`,
  );
  const run = rows[0] ?? null;
  if (run) publishRunEvent(deps, statusEvent(run));
  return run;
}
