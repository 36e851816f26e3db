import { resolve } from "node:path";
import type { Command } from "commander";

interface WorkerOptions {
  databaseUrl?: string;
  dataDir?: string;
  trainers?: string;
  labels?: string;
  concurrency?: string;
  graceSeconds?: string;
  leaseSeconds?: string;
  heartbeatSeconds?: string;
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
      "--grace-seconds <s>",
      "SIGTERM → SIGKILL grace for cancelled runs, and for runs left at shutdown (default 30)",
    )
    .option(
      "--lease-seconds <s>",
      "how long a run survives without a heartbeat before it is recovered (default 30)",
    )
    .option("--heartbeat-seconds <s>", "heartbeat interval (default 5)")
    .option("--id <id>", "worker id (default host-pid-random)")
    .option("--log-level <level>", "log level (default info)")
    .action(async (o: WorkerOptions) => {
      const { runWorkerProcess } = await import("./worker-process.js");
      const env = process.env;
      const databaseUrl = o.databaseUrl ?? env.DATABASE_URL;
      if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
        process.stderr.write(
          "tunix-rt worker needs a Postgres server: --database-url postgres://… or DATABASE_URL\n(the embedded database belongs to one `tunix-rt serve` process, which runs its own worker)\n",
        );
        process.exit(2);
      }
      const num = (v: string | undefined, name: string, dflt: number) => {
        if (v === undefined || v === "") return dflt;
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) {
          process.stderr.write(`Invalid configuration:\n  - ${name}: must be a non-negative number\n`);
          process.exit(2);
        }
        return n;
      };
      await runWorkerProcess({
        databaseUrl,
        dataDir: resolve(o.dataDir ?? env.TUNIX_RT_DATA_DIR ?? "./data"),
        trainersJson: o.trainers ?? env.TUNIX_RT_TRAINERS,
        labels: (o.labels ?? env.TUNIX_RT_WORKER_LABELS ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
        concurrency: num(o.concurrency ?? env.TUNIX_RT_WORKER_CONCURRENCY, "--concurrency", 1),
        graceMs: num(o.graceSeconds ?? env.CANCEL_GRACE_SECONDS, "--grace-seconds", 30) * 1000,
        leaseSeconds: num(o.leaseSeconds, "--lease-seconds", 30),
        heartbeatMs: num(o.heartbeatSeconds, "--heartbeat-seconds", 5) * 1000,
        id: o.id,
        logLevel: o.logLevel ?? env.LOG_LEVEL ?? "info",
      });
    });
}
