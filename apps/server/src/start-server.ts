import { setMaxListeners } from "node:events";
import { serve } from "@hono/node-server";
import { createDb, createNotifyBus, type DbHandle } from "@tunix-rt/db";
import { type RunEventBus, recoverLostRuns } from "@tunix-rt/services";
import { createTrainerHost, findHome, startWorker, type Worker } from "@tunix-rt/worker";
import pino, { type Logger } from "pino";
import type { ServerConfig } from "./config.js";
import { type App, createApp } from "./create-app.js";

export interface RunningServer {
  app: App;
  db: DbHandle;
  /** The in-process worker, when this server runs one. */
  worker: Worker | null;
  url: string;
  port: number;
  logger: Logger;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

/** Opens the database (migrating it), builds the app and listens. Used by `tunix-rt serve` and tests. */
export async function startServer(
  config: ServerConfig,
  logger: Logger = pino({ level: config.logLevel }),
): Promise<RunningServer> {
  const db = await createDb(
    config.databaseUrl && config.databaseUrl !== "memory://"
      ? { databaseUrl: config.databaseUrl }
      : { pgliteDir: config.databaseUrl === "memory://" ? "memory://" : `${config.dataDir}/db` },
  );
  const bus: RunEventBus = await createNotifyBus(db);
  const shutdown = new AbortController();
  // Every live log stream listens for shutdown: that is not a leak.
  setMaxListeners(0, shutdown.signal);
  const trainerHost = createTrainerHost(config.home ?? findHome(), config.trainers);
  const app = createApp({ db, config, logger, bus, shutdown: shutdown.signal, trainerHost });
  const deps = { ...app.ctx.deps, bus };
  const embedded = !config.databaseUrl || config.databaseUrl === "memory://";
  const worker = (config.worker ?? embedded) ? await startWorker(config, deps, logger, trainerHost) : null;
  // Lost runs are recovered even when no worker is left to notice.
  const reaper = setInterval(() => {
    recoverLostRuns(deps).catch((err) => logger.warn({ err }, "lost-run recovery failed"));
  }, 5000);
  reaper.unref();
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once("error", reject);
  });
  // Node closes an idle keep-alive socket after 5 s; a client reusing it at that instant gets
  // ECONNRESET. Clients and proxies commonly keep sockets longer, so the server outlasts them.
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    app,
    db,
    worker,
    url,
    port,
    logger,
    close() {
      closing ??= (async () => {
        clearInterval(reaper);
        shutdown.abort();
        const http = server as unknown as { closeIdleConnections(): void; closeAllConnections(): void };
        await new Promise<void>((resolve) => {
          // Keep-alive connections turn idle once their in-flight request is answered: drop them
          // as they do, and cut whatever is still open when the grace period ends.
          const sweep = setInterval(() => http.closeIdleConnections(), 100);
          const timer = setTimeout(() => http.closeAllConnections(), config.shutdownGraceMs);
          server.close(() => {
            clearInterval(sweep);
            clearTimeout(timer);
            resolve();
          });
          http.closeIdleConnections();
        });
        await worker?.stop();
        await bus.close();
        await db.close();
      })();
      return closing;
    },
  };
}
