import type { Command } from "commander";

interface WorkerFlags {
  databaseUrl?: string;
  dataDir?: string;
  trainers?: string;
  labels?: string;
  concurrency?: string;
  evalConcurrency?: string;
  graceSeconds?: string;
  leaseSeconds?: string;
  heartbeatSeconds?: string;
  pollSeconds?: string;
  logRetentionDays?: string;
  home?: string;
  id?: string;
  logLevel?: string;
}

export function registerWorkerCommand(program: Command) {
  program
    .command("worker")
    .description("Run a worker process: claim queued runs from a Postgres server and execute their trainers")
    .option("--database-url <url>", "Postgres server shared with `tunix-rt serve` (env DATABASE_URL)")
    .option("--data-dir <dir>", "where run directories are written (env TUNIX_RT_DATA_DIR; default ./data)")
    .option("--trainers <json>", 'extra trainers, JSON {"name": {"command": [...]}} (env TUNIX_RT_TRAINERS)')
    .option(
      "--labels <a,b>",
      "labels this worker offers; it only takes runs whose labels it has (env TUNIX_RT_WORKER_LABELS)",
    )
    .option("--concurrency <n>", "runs at once (env TUNIX_RT_WORKER_CONCURRENCY; default 1)")
    .option(
      "--eval-concurrency <n>",
      "extra slots for evaluation runs only, so checkpoints are evaluated while training goes on (env TUNIX_RT_WORKER_EVAL_CONCURRENCY; default 1)",
    )
    .option(
      "--grace-seconds <s>",
      "SIGTERM → SIGKILL grace for cancelled runs, and for runs left at shutdown (env CANCEL_GRACE_SECONDS; default 30)",
    )
    .option(
      "--lease-seconds <s>",
      "how long a run survives without a heartbeat before it is recovered (env TUNIX_RT_LEASE_SECONDS; default 30)",
    )
    .option("--heartbeat-seconds <s>", "heartbeat interval (env TUNIX_RT_HEARTBEAT_SECONDS; default 5)")
    .option(
      "--poll-seconds <s>",
      "fallback claim poll, should a wake-up be missed (env TUNIX_RT_WORKER_POLL_SECONDS; default 2)",
    )
    .option(
      "--log-retention-days <n>",
      "delete the logs of runs that ended this long ago; 0 keeps them (env LOG_RETENTION_DAYS; default 0)",
    )
    .option(
      "--home <dir>",
      "the tunix-rt installation whose trainers/ and .venv to use (env TUNIX_RT_HOME; default: this one)",
    )
    .option("--id <id>", "worker id (env TUNIX_RT_WORKER_ID; default host-pid-random)")
    .option("--log-level <level>", "log level (env LOG_LEVEL; default info)")
    .action(async (o: WorkerFlags) => {
      const { ConfigError, loadWorkerConfig, runWorkerProcess } = await import("@tunix-rt/worker");
      let config: ReturnType<typeof loadWorkerConfig>;
      try {
        config = loadWorkerConfig(process.env, {
          databaseUrl: o.databaseUrl,
          dataDir: o.dataDir,
          trainers: o.trainers,
          workerLabels: o.labels,
          workerConcurrency: o.concurrency,
          workerEvalConcurrency: o.evalConcurrency,
          cancelGraceSeconds: o.graceSeconds,
          leaseSeconds: o.leaseSeconds,
          heartbeatSeconds: o.heartbeatSeconds,
          pollSeconds: o.pollSeconds,
          logRetentionDays: o.logRetentionDays,
          home: o.home,
          id: o.id,
          logLevel: o.logLevel,
        });
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`${err.message}\n`);
          process.exit(2);
        }
        throw err;
      }
      await runWorkerProcess(config);
    });
}
