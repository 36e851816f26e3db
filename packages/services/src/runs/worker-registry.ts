import { LEASED_STATUSES, type WorkerInfo } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { toIso } from "../ids.js";
import { WORKER_ALIVE_SECONDS } from "./known-trainers.js";

export interface WorkerIdentity {
  id: string;
  host: string;
  kinds: string[];
  trainers: string[];
  labels: string[];
  concurrency: number;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

export async function registerWorker(deps: ServiceDeps, w: WorkerIdentity): Promise<void> {
  await deps.db.execute(sql`INSERT INTO workers (id, host, kinds, trainers, labels, concurrency)
    VALUES (${w.id}, ${w.host}, ${JSON.stringify(w.kinds)}::jsonb, ${JSON.stringify(w.trainers)}::jsonb, ${JSON.stringify(w.labels)}::jsonb, ${w.concurrency})
    ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, kinds = EXCLUDED.kinds, trainers = EXCLUDED.trainers, labels = EXCLUDED.labels,
      concurrency = EXCLUDED.concurrency, heartbeat_at = now(), stopped_at = NULL`);
}

/** Marks the worker alive and renews its runs' leases; returns the runs it still holds. */
export async function heartbeat(
  deps: ServiceDeps,
  workerId: string,
  runIds: string[],
  leaseSeconds: number,
): Promise<Set<string>> {
  await deps.db.execute(
    sql`UPDATE workers SET heartbeat_at = now(), running = ${runIds.length} WHERE id = ${workerId}`,
  );
  if (!runIds.length) return new Set();
  const rows = await queryRows<{ id: string }>(
    deps.db,
    sql`UPDATE runs SET lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
      WHERE worker_id = ${workerId} AND status IN (${list(LEASED_STATUSES)})
        AND id IN (${list(runIds)}) RETURNING id`,
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Which of these runs a user asked to cancel: the worker's fallback for a `cancel` event it missed
 * (a bus reconnecting drops messages).
 */
export async function runsAskedToCancel(deps: ServiceDeps, runIds: string[]): Promise<string[]> {
  if (!runIds.length) return [];
  const rows = await queryRows<{ id: string }>(
    deps.db,
    sql`SELECT id FROM runs WHERE status = 'cancel_requested' AND id IN (${list(runIds)})`,
  );
  return rows.map((r) => r.id);
}

export async function markWorkerStopped(deps: ServiceDeps, workerId: string): Promise<void> {
  await deps.db.execute(sql`UPDATE workers SET stopped_at = now(), running = 0 WHERE id = ${workerId}`);
}

export async function listWorkers(deps: ServiceDeps): Promise<WorkerInfo[]> {
  const rows = await queryRows<{
    id: string;
    host: string;
    kinds: string[];
    trainers: string[];
    labels: string[];
    concurrency: number;
    running: number;
    started_at: string;
    heartbeat_at: string;
    alive: boolean;
  }>(
    deps.db,
    sql`SELECT *, (stopped_at IS NULL AND heartbeat_at > now() - make_interval(secs => ${WORKER_ALIVE_SECONDS})) AS alive
        FROM workers ORDER BY alive DESC, heartbeat_at DESC LIMIT 200`,
  );
  return rows.map((r) => ({
    worker_id: r.id,
    host: r.host,
    kinds: r.kinds,
    trainers: r.trainers,
    labels: r.labels,
    concurrency: Number(r.concurrency),
    running: Number(r.running),
    started_at: toIso(r.started_at),
    heartbeat_at: toIso(r.heartbeat_at),
    alive: Boolean(r.alive),
  }));
}
