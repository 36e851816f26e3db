import { createDb, createNotifyBus } from "@tunix-rt/db";
import {
  createWorker,
  DEFAULT_WORKER_CONFIG,
  offerTunixWhenAvailable,
  resolveTrainers,
} from "@tunix-rt/worker";
import pino from "pino";

export interface WorkerProcessOptions {
  databaseUrl: string;
  dataDir: string;
  trainersJson?: string;
  labels: string[];
  concurrency: number;
  graceMs: number;
  leaseSeconds: number;
  heartbeatMs: number;
  id?: string;
  logLevel: string;
}

/** `tunix-rt worker`: one worker process on a shared Postgres; SIGTERM drains it gracefully. */
export async function runWorkerProcess(o: WorkerProcessOptions) {
  const logger = pino({ level: o.logLevel });
  let trainers: ReturnType<typeof resolveTrainers>;
  try {
    trainers = resolveTrainers(o.trainersJson);
  } catch (err) {
    process.stderr.write(`Invalid configuration:\n  - --trainers: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (Object.keys(trainers).length === 0)
    logger.warn("this worker offers no trainers: install the Python trainers or pass --trainers");
  const db = await createDb({ databaseUrl: o.databaseUrl });
  const bus = await createNotifyBus(db);
  const worker = createWorker(
    { db: db.db },
    bus,
    {
      ...DEFAULT_WORKER_CONFIG,
      id: o.id,
      dataDir: o.dataDir,
      trainers,
      labels: o.labels,
      concurrency: o.concurrency,
      graceMs: o.graceMs,
      leaseSeconds: o.leaseSeconds,
      heartbeatMs: o.heartbeatMs,
    },
    logger,
  );
  await worker.start();
  offerTunixWhenAvailable(worker, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { signal, running: worker.running.size },
      "stopping: no new runs; running ones get the grace period",
    );
    worker
      .stop(o.graceMs)
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
