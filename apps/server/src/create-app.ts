import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { TrainerStatus } from "@tunix-rt/contracts";
import { createLocalBus, type DbHandle } from "@tunix-rt/db";
import {
  countTraces,
  createRediHealth,
  getRunRow,
  type RunEventBus,
  runDirFor,
  type ServiceDeps,
} from "@tunix-rt/services";
import pino, { type Logger } from "pino";
import type { AppContext, AppEnv, TrainerHostInfo } from "./app-context.js";
import type { ServerConfig } from "./config.js";
import { createMetrics } from "./http/metrics.js";
import { createErrorHandler, problemResponse } from "./http/problem.js";
import { registerRunCollectors } from "./http/run-collectors.js";
import { registerArtifactRoutes } from "./routes/artifacts.js";
import { registerDatasetRoutes } from "./routes/datasets.js";
import { registerDocsRoutes } from "./routes/docs.js";
import { registerEvalRoutes } from "./routes/evals.js";
import { registerGeneratorRoutes } from "./routes/generators.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerLeaderboardRoutes, registerModelCompareRoutes } from "./routes/leaderboard.js";
import { registerModelRoutes } from "./routes/models.js";
import { registerRegressionRoutes } from "./routes/regression.js";
import { registerRunRoutes } from "./routes/runs.js";
import { registerTraceRoutes } from "./routes/traces.js";
import { registerTraceBulkRoutes } from "./routes/traces-bulk.js";
import { registerTunixExportRoutes } from "./routes/tunix-exports.js";
import { registerWebRoutes } from "./routes/web.js";

export interface AppDeps {
  db: DbHandle;
  config: ServerConfig;
  logger?: Logger;
  /** Cross-process notifications; defaults to an in-process bus (one process, e.g. tests). */
  bus?: RunEventBus;
  /** Aborted at shutdown so SSE streams end instead of holding the server open. */
  shutdown?: AbortSignal;
  /** What the host's trainers can do (for /api/tunix/status); default: nothing is set up. */
  trainerHost?: TrainerHostInfo;
}

const NO_TRAINERS: TrainerHostInfo = {
  status: async (): Promise<TrainerStatus> => ({ error: "no trainer host is configured for this server" }),
};

/** Builds the HTTP app. No side effects: nothing listens and nothing starts until the caller says so. */
export function createApp({
  db,
  config,
  logger = pino({ level: "silent" }),
  bus = createLocalBus(),
  shutdown = new AbortController().signal,
  trainerHost = NO_TRAINERS,
}: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const baseDeps: ServiceDeps = { db: db.db, bus };
  const metrics = createMetrics({ countTraces: () => countTraces(baseDeps) });
  const deps = { ...baseDeps, bus, observeDbWrite: metrics.observeDbWrite };
  registerRunCollectors(metrics.registry, baseDeps);
  const redi = createRediHealth({
    mode: config.rediMode,
    baseUrl: config.rediBaseUrl,
    healthPath: config.rediHealthPath,
    cacheTtlSeconds: config.rediHealthCacheTtlSeconds,
  });
  const ctx: AppContext = { app, deps, config, logger, metrics, redi, shutdown, trainerHost };

  app.use("*", async (c, next) => {
    const requestId = c.req.header("x-request-id") ?? randomUUID();
    c.set("requestId", requestId);
    const start = performance.now();
    await next();
    c.header("x-request-id", requestId);
    const route = c.req.routePath === "/*" || c.req.routePath === "*" ? "(unmatched)" : c.req.routePath;
    metrics.observeRequest(c.req.method, route, c.res.status, (performance.now() - start) / 1000);
  });
  app.onError(createErrorHandler(logger));

  registerHealthRoutes(ctx);
  registerTraceBulkRoutes(ctx);
  registerTraceRoutes(ctx);
  registerDatasetRoutes(ctx);
  registerGeneratorRoutes(ctx);
  registerTunixExportRoutes(ctx);
  registerRunRoutes(ctx);
  registerEvalRoutes(ctx);
  registerLeaderboardRoutes(ctx);
  registerModelCompareRoutes(ctx);
  registerRegressionRoutes(ctx);
  registerModelRoutes(ctx);
  // A run's folder once the run is known: an unknown id is a 404, never a path.
  registerArtifactRoutes(ctx, async (id) => runDirFor(config.dataDir, (await getRunRow(deps, id)).id));
  registerDocsRoutes(ctx);
  app.all("/api/*", (c) =>
    problemResponse(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}`),
  );
  registerWebRoutes(ctx);
  return Object.assign(app, { ctx });
}
export type App = ReturnType<typeof createApp>;
