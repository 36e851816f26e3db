import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import type { RunRow } from "./run-row.js";

/**
 * Atomically takes the best pending run this worker can serve: highest priority, then oldest.
 * SKIP LOCKED lets many workers claim at once without waiting on, or double-taking, a row. A run
 * is served when the worker offers its trainer and has every label the run asks for.
 */
export async function claimRun(
  deps: ServiceDeps,
  worker: { id: string; trainers: string[]; labels: string[] },
  leaseSeconds: number,
): Promise<RunRow | null> {
  if (worker.trainers.length === 0) return null;
  const rows = await queryRows<RunRow>(
    deps.db,
    sql`UPDATE runs SET status = 'running', worker_id = ${worker.id}, started_at = now(), attempt = attempt + 1,
          lease_expires_at = now() + make_interval(secs => ${leaseSeconds}), error = NULL, exit_code = NULL
        WHERE id = (
          SELECT id FROM runs
          WHERE status = 'pending' AND mode = 'local'
            AND trainer IN (${sql.join(
              worker.trainers.map((t) => sql`${t}`),
              sql`, `,
            )})
            AND labels <@ ${JSON.stringify(worker.labels)}::jsonb
          ORDER BY priority DESC, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED)
        AND status = 'pending'
        RETURNING *`,
  );
  return rows[0] ?? null;
}
