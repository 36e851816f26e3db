import { readFileSync } from "node:fs";
import { createDb, createNotifyBus } from "@tunix-rt/db";
import type { JudgeConfig, RunEventBus, ServiceDeps } from "@tunix-rt/services";
import pino from "pino";
import { findHome, type WorkerConfig, type WorkerSettings } from "./config.js";
import { createWorker, type Worker, type WorkerLogger } from "./create-worker.js";
import { createEvalExecutor, evalExecutor } from "./kinds/eval.js";
import { trainExecutor } from "./kinds/train.js";
import type { RunExecutor } from "./run-executor.js";
import { createTrainerHost, type TrainerHost } from "./trainer-host.js";

/** The kinds of run every worker executes. */
export const BUILTIN_EXECUTORS: Readonly<Record<string, RunExecutor>> = {
  train: trainExecutor,
  eval: evalExecutor,
};

/** The LLM judge these settings describe, or null when no endpoint and model are set. */
export function judgeFrom(settings: WorkerSettings): JudgeConfig | null {
  if (!settings.judgeBaseUrl || !settings.judgeModel) return null;
  return {
    baseUrl: settings.judgeBaseUrl,
    model: settings.judgeModel,
    apiKey: settings.judgeApiKey,
    template: settings.judgePromptFile ? readFileSync(settings.judgePromptFile, "utf8") : undefined,
    timeoutMs: settings.judgeTimeoutSeconds * 1000,
    maxRetries: settings.judgeMaxRetries,
    concurrency: settings.judgeConcurrency,
  };
}

/**
 * Starts a worker with these settings on a database and bus the caller opened: `tunix-rt worker`
 * (below) and the server's embedded worker both come through here. Where Tunix is installed it
 * checks in the background that Tunix really imports and then offers the `tunix` trainer too.
 */
export async function startWorker(
  settings: WorkerSettings & { dataDir: string; id?: string },
  deps: ServiceDeps & { bus: RunEventBus },
  log: WorkerLogger,
  host: TrainerHost = createTrainerHost(settings.home ?? findHome(), settings.trainers),
  executors: Record<string, RunExecutor> = {
    ...BUILTIN_EXECUTORS,
    eval: createEvalExecutor(judgeFrom(settings)),
  },
): Promise<Worker> {
  const trainers = host.trainers();
  if (Object.keys(trainers).length === 0)
    log.warn({}, "this worker offers no trainers: install the Python trainers or pass --trainers");
  const worker = createWorker(
    deps,
    {
      id: settings.id,
      dataDir: settings.dataDir,
      executors,
      trainers,
      labels: settings.workerLabels
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      concurrency: settings.workerConcurrency,
      evalConcurrency: settings.workerEvalConcurrency,
      leaseSeconds: settings.leaseSeconds,
      heartbeatMs: settings.heartbeatSeconds * 1000,
      graceMs: settings.cancelGraceSeconds * 1000,
      pollMs: settings.pollSeconds * 1000,
      logRetentionDays: settings.logRetentionDays,
    },
    log,
  );
  await worker.start();
  if (host.tunixInstalled()) void offerTunix(worker, host, log);
  return worker;
}

/**
 * Offers the `tunix` trainer once Python confirms Tunix imports. Registering it needs the database;
 * if that is away just then (a restart, a failover), it tries again rather than letting the
 * rejection end the worker.
 */
async function offerTunix(worker: Worker, host: TrainerHost, log: WorkerLogger, retryMs = 5_000) {
  const s = await host.status();
  if (!("backends" in s) || !s.backends.tunix?.available) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await worker.addTrainer("tunix", host.tunix());
      log.info({ version: s.backends.tunix.version }, "Tunix is available: offering the tunix trainer");
      return;
    } catch (err) {
      if (worker.stopped()) return;
      log.warn({ err, attempt }, "could not register the tunix trainer yet; trying again");
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}

/** `tunix-rt worker`: one worker process on a shared Postgres; SIGTERM or SIGINT drains it. */
export async function runWorkerProcess(config: WorkerConfig): Promise<void> {
  const logger = pino({ level: config.logLevel });
  const db = await createDb({ databaseUrl: config.databaseUrl });
  const bus: RunEventBus = await createNotifyBus(db);
  const worker = await startWorker(config, { db: db.db, bus }, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { signal, running: worker.running.size },
      "stopping: no new runs; running ones get the grace period",
    );
    worker
      .stop()
      .then(async () => {
        await bus.close();
        await db.close();
        process.exit(0);
      })
      .catch((err) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
