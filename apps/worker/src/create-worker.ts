import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type NotifyBus, queryRows, sql } from "@tunix-rt/db";
import {
  claimRun,
  finishRun,
  heartbeat,
  markWorkerStopped,
  pruneOldLogs,
  recoverLostRuns,
  registerWorker,
  type ServiceDeps,
} from "@tunix-rt/services";
import { type ExecutingRun, executeRun } from "./execute-run.js";
import type { TrainerSpec } from "./trainer-spec.js";

export interface WorkerConfig {
  id?: string;
  dataDir: string;
  trainers: Record<string, TrainerSpec>;
  labels: string[];
  concurrency: number;
  leaseSeconds: number;
  heartbeatMs: number;
  /** SIGTERM → SIGKILL grace for a cancelled or timed-out trainer. */
  graceMs: number;
  /** Fallback poll, in case a wake-up notification was missed. */
  pollMs: number;
  logRetentionDays: number;
}

export const DEFAULT_WORKER_CONFIG: Omit<WorkerConfig, "dataDir" | "trainers"> = {
  labels: [],
  concurrency: 1,
  leaseSeconds: 30,
  heartbeatMs: 5000,
  graceMs: 30_000,
  pollMs: 2000,
  logRetentionDays: 0,
};

interface Logger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

/** The claim loop and trainer supervision of one worker, in-process or as `tunix-rt worker`. */
export function createWorker(deps: ServiceDeps, bus: NotifyBus, config: WorkerConfig, log: Logger) {
  const id = config.id ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const trainers = Object.keys(config.trainers);
  const running = new Map<string, ExecutingRun>();
  let stopping = false;
  let claiming = false;
  const timers: NodeJS.Timeout[] = [];
  let claimPoll: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;

  async function tryClaim() {
    if (claiming || stopping) return;
    claiming = true;
    try {
      while (!stopping && running.size < config.concurrency) {
        const run = await claimRun(deps, { id, trainers, labels: config.labels }, config.leaseSeconds);
        if (!run) break;
        bus.publish({ type: "status", run_id: run.id, status: "running" });
        log.info({ run: run.id, trainer: run.trainer, attempt: run.attempt }, "claimed run");
        const exec = executeRun({
          deps,
          bus,
          run,
          dataDir: config.dataDir,
          trainer: config.trainers[run.trainer]!,
          graceMs: config.graceMs,
          workerId: id,
        });
        running.set(run.id, exec);
        void exec.done
          .then(async (o) => {
            const kept = await finishRun(deps, run.id, id, o);
            if (kept) bus.publish({ type: "status", run_id: run.id, status: o.status });
            else
              log.warn(
                { run: run.id },
                "run was taken from this worker (lease lapsed); its outcome is dropped",
              );
            log.info({ run: run.id, status: o.status, error: o.error }, "run finished");
          })
          .catch((err) => log.error({ err, run: run.id }, "run supervision failed"))
          .finally(() => {
            running.delete(run.id);
            void tryClaim();
          });
      }
    } catch (err) {
      log.error({ err }, "claim failed");
    } finally {
      claiming = false;
    }
  }

  async function checkCancels() {
    if (running.size === 0) return;
    const ids = [...running.keys()];
    const rows = await queryRows<{ id: string }>(
      deps.db,
      sql`SELECT id FROM runs WHERE status = 'cancel_requested' AND id IN (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    );
    for (const r of rows) running.get(r.id)?.stop("cancel");
  }

  async function housekeeping() {
    const held = [...running.keys()];
    const renewed = await heartbeat(deps, id, held, config.leaseSeconds);
    for (const runId of held) {
      // Taken away (our lease lapsed, e.g. this process was paused): stop the trainer now.
      if (!renewed.has(runId) && running.has(runId)) {
        log.warn({ run: runId }, "lost the lease on a run; stopping its trainer");
        running.get(runId)?.stop("lost");
      }
    }
    for (const r of await recoverLostRuns(deps)) {
      log.warn({ run: r.id, status: r.status }, "recovered a run whose worker was lost");
      bus.publish({ type: "status", run_id: r.id, status: r.status });
      if (r.status === "pending") bus.publish({ type: "queued" });
    }
    await pruneOldLogs(deps, config.logRetentionDays);
  }

  const guard = (name: string, fn: () => Promise<void>) => () => {
    fn().catch((err) => log.error({ err }, `${name} failed`));
  };

  return {
    id,
    running,
    /** Offers one more trainer from now on (e.g. once the host is found to have Tunix). */
    async addTrainer(name: string, spec: TrainerSpec) {
      if (config.trainers[name]) return;
      config.trainers[name] = spec;
      trainers.push(name);
      await registerWorker(deps, {
        id,
        host: hostname(),
        trainers,
        labels: config.labels,
        concurrency: config.concurrency,
      });
      void tryClaim();
    },
    async start() {
      await registerWorker(deps, {
        id,
        host: hostname(),
        trainers,
        labels: config.labels,
        concurrency: config.concurrency,
      });
      unsubscribe = bus.subscribe((m) => {
        if (m.type === "queued") void tryClaim();
        else if (m.type === "cancel" && typeof m.run_id === "string") running.get(m.run_id)?.stop("cancel");
      });
      timers.push(setInterval(guard("heartbeat", housekeeping), config.heartbeatMs));
      timers.push(setInterval(guard("cancel check", checkCancels), 1000));
      claimPoll = setInterval(() => void tryClaim(), config.pollMs);
      for (const t of [...timers, claimPoll]) t.unref();
      log.info(
        { worker: id, trainers, labels: config.labels, concurrency: config.concurrency },
        "Tunix worker started",
      );
      await tryClaim();
    },
    /** Stops claiming, lets running runs finish for `graceMs`, then cancels what is left. */
    async stop(graceMs = config.graceMs) {
      // Stop claiming only: heartbeats, cancel checks and cancel notifications go on while runs
      // drain, so their leases stay valid and a cancel is still heard.
      stopping = true;
      if (claimPoll) clearInterval(claimPoll);
      const timer = setTimeout(() => {
        void (async () => {
          const ids = [...running.keys()];
          // Recorded as a cancel request first, so the cancelled outcome is a legal transition.
          if (ids.length) {
            await deps.db
              .execute(sql`UPDATE runs SET status = 'cancel_requested' WHERE status = 'running' AND worker_id = ${id}
                AND id IN (${sql.join(
                  ids.map((i) => sql`${i}`),
                  sql`, `,
                )})`)
              .catch((err) => log.error({ err }, "could not record the shutdown cancel"));
          }
          for (const r of running.values()) r.stop("shutdown");
        })();
      }, graceMs);
      await Promise.all([...running.values()].map((r) => r.done.catch(() => {})));
      // Let the finish handlers record the outcomes before the database goes away.
      while (running.size) await new Promise((r) => setTimeout(r, 20));
      clearTimeout(timer);
      unsubscribe?.();
      for (const t of timers) clearInterval(t);
      await markWorkerStopped(deps, id).catch(() => {});
    },
  };
}
export type Worker = ReturnType<typeof createWorker>;
