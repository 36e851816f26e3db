import { serve } from "@hono/node-server";
import { createDb, type DbHandle } from "@tunix-rt/db";
import pino, { type Logger } from "pino";
import type { ServerConfig } from "./config.js";
import { type App, createApp } from "./create-app.js";

export interface RunningServer {
  app: App;
  db: DbHandle;
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
  const app = createApp({ db, config, logger });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once("error", reject);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    app,
    db,
    url,
    port,
    logger,
    close() {
      closing ??= (async () => {
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
        await db.close();
      })();
      return closing;
    },
  };
}
