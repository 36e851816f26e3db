import type { Command } from "commander";
import { formatBanner } from "../output/format-banner.js";

export function registerServeCommand(program: Command) {
  program
    .command("serve")
    .description("Serve the API and web UI (embedded PGlite in --data-dir unless DATABASE_URL is set)")
    .option("--port <port>", "port to listen on (env PORT; default 8000)")
    .option("--host <host>", "address to bind (env HOST; default 127.0.0.1)")
    .option("--data-dir <dir>", "data folder (env TUNIX_RT_DATA_DIR; default ./data)")
    .option("--database-url <url>", "Postgres server URL (env DATABASE_URL; default: embedded)")
    .option("--log-level <level>", "fatal|error|warn|info|debug|trace|silent (env LOG_LEVEL; default info)")
    .option("--worker", "run an in-process worker (default on the embedded database)")
    .option("--no-worker", "don't run one (default with a Postgres server: run `tunix-rt worker` processes)")
    .option(
      "--trainers <json>",
      'extra trainers for the in-process worker, JSON {"name": {"command": [...]}} (env TUNIX_RT_TRAINERS)',
    )
    .action(
      async (opts: {
        port?: string;
        host?: string;
        dataDir?: string;
        databaseUrl?: string;
        logLevel?: string;
      }) => {
        // Loaded here, not at the top: every other command would otherwise pay for the server's start-up.
        const { ConfigError, loadServerConfig, startServer } = await import("@tunix-rt/server");
        let config: ReturnType<typeof loadServerConfig>;
        try {
          config = loadServerConfig(process.env, opts);
        } catch (err) {
          if (err instanceof ConfigError) {
            process.stderr.write(`${err.message}\n`);
            process.exit(2);
          }
          throw err;
        }
        const server = await startServer(config);
        const where = config.databaseUrl ? "Postgres server" : `embedded PGlite in ${config.dataDir}/db`;
        // A person at a terminal gets a readable banner first; the JSON log lines are for machines.
        if (process.stdout.isTTY) {
          const facts = { url: server.url, database: where, dataDir: config.dataDir };
          const banner = formatBanner({ ...facts, workerTrainers: server.worker?.trainerNames() ?? null });
          process.stdout.write(`${banner.join("\n")}\n`);
        }
        server.logger.info({ url: server.url, database: where }, `tunix-rt listening on ${server.url}`);
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          server.logger.info({ signal }, "shutting down: finishing in-flight requests");
          server.close().then(
            () => process.exit(0),
            (err) => {
              server.logger.error({ err }, "shutdown failed");
              process.exit(1);
            },
          );
        };
        process.on("SIGTERM", () => stop("SIGTERM"));
        process.on("SIGINT", () => stop("SIGINT"));
      },
    );
}
