import type { OpenAPIHono } from "@hono/zod-openapi";
import type { NotifyBus } from "@tunix-rt/db";
import type { RediHealth, ServiceDeps } from "@tunix-rt/services";
import type { Logger } from "pino";
import type { ServerConfig } from "./config.js";
import type { AppMetrics } from "./http/metrics.js";

/** What route modules receive: the app to register on and everything they may use. */
export interface AppContext {
  app: OpenAPIHono;
  deps: ServiceDeps;
  config: ServerConfig;
  logger: Logger;
  metrics: AppMetrics;
  redi: RediHealth;
  /** Cross-process hints: run queued, new log lines, status changes, cancel requests. */
  bus: NotifyBus;
  /** Aborted when the server starts shutting down, so long-lived streams end. */
  shutdown: AbortSignal;
}
