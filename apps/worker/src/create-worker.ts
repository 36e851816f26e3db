import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  claimRun,
  finishRun,
  heartbeat,
  markWorkerStopped,
  pruneOldLogs,
  recoverLostRuns,
  registerWorker,
  requestShutdownCancel,
  runsAskedToCancel,
  type ServiceDeps,
} from "@tunix-rt/services";
import { type ExecutingRun, executeRun } from "./execute-run.js";
import type { RunExecutor } from "./run-executor.js";
import type { TrainerSpec } from "./trainer-spec.js";

export interface WorkerOptions {
  id?: string;
  dataDir: string;
  /** An executor per run kind this worker runs. */
  executors: Record<string, RunExecutor>;
  /** The trainer backends this host offers. */
  trainers: Record<string, TrainerSpec>;
  labels: string[];
  /** Runs of any kind at once. */
  concurrency: number;
  /**
   * Extra slots for evaluation runs only, so a checkpoint is evaluated while training goes on
   * (and before the trainer deletes it) even when every general slot is training.
   */
  evalConcurrency: number;
  leaseSeconds: number;
  heartbeatMs: number;
  /** SIGTERM → SIGKILL grace for a cancelled or timed-out trainer. */
  graceMs: number;
  /** Fallback poll, in case a wake-up notification was missed. */
  pollMs: number;
  logRetentionDays: number;
}

export interface WorkerLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

/**
 * The claim loop and run supervision of one worker, in-process or as `tunix-rt worker`. It claims
 * runs of the kinds it has executors for and the trainers it offers, holds their leases with its
 * heartbeat, stops a trainer when its run is cancelled or taken away, and records each outcome.
 * `deps.bus` must be set: the worker wakes on `queued` and `cancel` events.
 */
export function createWorker(deps: ServiceDeps, options: WorkerOptions, log: WorkerLogger) {
  const id = options.id ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const trainers = { ...options.trainers };
  const kinds = Object.keys(options.executors);
  const running = new Map<string, ExecutingRun>();
  /** Which runs hold an evaluation-only slot. */
  const inEvalSlot = new Set<string>();
  let stopping = false;
  let claiming = false;
  const timers: NodeJS.Timeout[] = [];
  let claimPoll: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;

  const identity = () => ({
    id,
    host: hostname(),
    kinds,
    trainers: Object.keys(trainers),
    labels: options.labels,
    concurrency: options.concurrency + (kinds.includes("eval") ? options.evalConcurrency : 0),
  });

  async function tryClaim() {
    if (claiming || stopping) return;
    claiming = true;
    try {
      for (;;) {
        if (stopping) break;
        const general = running.size - inEvalSlot.size < options.concurrency;
        const evalSlot = inEvalSlot.size < options.evalConcurrency && kinds.includes("eval");
        if (!general && !evalSlot) break;
        const me = identity();
        const run = await claimRun(deps, general ? me : { ...me, kinds: ["eval"] }, options.leaseSeconds);
        if (!run) break;
        if (!general) inEvalSlot.add(run.id);
        log.info({ run: run.id, kind: run.kind, trainer: run.trainer, attempt: run.attempt }, "claimed run");
        const exec = executeRun({
          deps,
          run,
          executor: options.executors[run.kind]!,
          trainer: trainers[run.trainer]!,
          dataDir: options.dataDir,
          graceMs: options.graceMs,
          workerId: id,
        });
        running.set(run.id, exec);
        void exec.done
          .then(async (o) => {
            const kept = await finishRun(deps, run.id, id, o);
            if (!kept)
              log.warn(
                { run: run.id },
                "run was taken from this worker (lease lapsed); its outcome is dropped",
              );
            log.info({ run: run.id, status: o.status, error: o.error }, "run finished");
          })
          .catch((err) => log.error({ err, run: run.id }, "run supervision failed"))
          .finally(() => {
            running.delete(run.id);
            inEvalSlot.delete(run.id);
            void tryClaim();
          });
      }
    } catch (err) {
      log.error({ err }, "claim failed");
    } finally {
      claiming = false;
    }
  }

  // The `cancel` event is the fast path; this poll catches one the bus dropped.
  async function checkCancels() {
    for (const runId of await runsAskedToCancel(deps, [...running.keys()]))
      running.get(runId)?.stop("cancel");
  }

  async function housekeeping() {
    const held = [...running.keys()];
    const renewed = await heartbeat(deps, id, held, options.leaseSeconds);
    for (const runId of held) {
      // Taken away (our lease lapsed, e.g. this process was paused): stop the trainer now.
      if (!renewed.has(runId) && running.has(runId)) {
        log.warn({ run: runId }, "lost the lease on a run; stopping its trainer");
        running.get(runId)?.stop("lost");
      }
    }
    for (const r of await recoverLostRuns(deps))
      log.warn({ run: r.id, status: r.status }, "recovered a run whose worker was lost");
    await pruneOldLogs(deps, options.logRetentionDays);
  }

  const guard = (name: string, fn: () => Promise<void>) => () => {
    fn().catch((err) => log.error({ err }, `${name} failed`));
  };

  return {
    id,
    running,
    /** The trainers it offers now (tunix joins later where Python confirms it). */
    trainerNames: () => Object.keys(trainers),
    /** Offers one more trainer from now on (e.g. once the host is found to have Tunix). */
    async addTrainer(name: string, spec: TrainerSpec) {
      if (trainers[name]) return;
      trainers[name] = spec;
      try {
        await registerWorker(deps, identity());
      } catch (err) {
        delete trainers[name]; // offered only once the server can know it: a caller may try again
        throw err;
      }
      void tryClaim();
    },
    async start() {
      if (!deps.bus) throw new Error("a worker needs the notify bus (deps.bus)");
      await registerWorker(deps, identity());
      unsubscribe = deps.bus.subscribe((m) => {
        if (m.type === "queued" || m.type === "resync") void tryClaim();
        else if (m.type === "cancel") running.get(m.run_id)?.stop("cancel");
      });
      timers.push(setInterval(guard("heartbeat", housekeeping), options.heartbeatMs));
      timers.push(setInterval(guard("cancel check", checkCancels), 1000));
      claimPoll = setInterval(() => void tryClaim(), options.pollMs);
      for (const t of [...timers, claimPoll]) t.unref();
      log.info(identity(), "Tunix worker started");
      await tryClaim();
    },
    /** True once stop() began: the worker takes no more runs or trainers. */
    stopped: () => stopping,
    /** Stops claiming, lets running runs finish for `graceMs`, then cancels what is left. */
    async stop(graceMs = options.graceMs) {
      // Stop claiming only: heartbeats, cancel checks and cancel notifications go on while runs
      // drain, so their leases stay valid and a cancel is still heard.
      stopping = true;
      if (claimPoll) clearInterval(claimPoll);
      const timer = setTimeout(() => {
        void (async () => {
          // Recorded as a cancel request first, so the cancelled outcome is a legal transition.
          await requestShutdownCancel(deps, id, [...running.keys()]).catch((err) =>
            log.error({ err }, "could not record the shutdown cancel"),
          );
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
