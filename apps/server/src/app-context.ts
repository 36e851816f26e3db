import type { OpenAPIHono } from "@hono/zod-openapi";
import type { TrainerStatus } from "@tunix-rt/contracts";
import type { RediHealth, RunEventBus, ServiceDeps } from "@tunix-rt/services";
import type { Logger } from "pino";
import type { ServerConfig } from "./config.js";
import type { AppMetrics } from "./http/metrics.js";

/** Hono's typed per-request variables. */
export interface AppEnv {
  Variables: { requestId: string };
}

/** What the server needs to know of the host's trainers (the worker's trainer host provides it). */
export interface TrainerHostInfo {
  status(): Promise<TrainerStatus>;
}

/** What route modules receive: the app to register on and everything they may use. */
export interface AppContext {
  app: OpenAPIHono<AppEnv>;
  /** Service dependencies; run verbs announce their changes on `deps.bus`. */
  deps: ServiceDeps & { bus: RunEventBus };
  config: ServerConfig;
  logger: Logger;
  metrics: AppMetrics;
  redi: RediHealth;
  trainerHost: TrainerHostInfo;
  /** Aborted when the server starts shutting down, so long-lived streams end. */
  shutdown: AbortSignal;
}
