import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import { createLocalBus, type DbHandle, type NotifyBus } from "@tunix-rt/db";
import { countTraces, createRediHealth, getRunRow, runDirFor, type ServiceDeps } from "@tunix-rt/services";
import pino, { type Logger } from "pino";
import type { AppContext } from "./app-context.js";
import type { ServerConfig } from "./config.js";
import { createMetrics } from "./http/metrics.js";
import { createErrorHandler, problemResponse } from "./http/problem.js";
import { registerRunCollectors } from "./http/run-collectors.js";
import { registerArtifactRoutes } from "./routes/artifacts.js";
import { registerDatasetRoutes } from "./routes/datasets.js";
import { registerDocsRoutes } from "./routes/docs.js";
import { registerGeneratorRoutes } from "./routes/generators.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerRunRoutes } from "./routes/runs.js";
import { registerTraceRoutes } from "./routes/traces.js";
import { registerTunixExportRoutes } from "./routes/tunix-exports.js";
import { registerWebRoutes } from "./routes/web.js";

export interface AppDeps {
  db: DbHandle;
  config: ServerConfig;
  logger?: Logger;
  /** Cross-process notifications; defaults to an in-process bus (one process, e.g. tests). */
  bus?: NotifyBus;
  /** Aborted at shutdown so SSE streams end instead of holding the server open. */
  shutdown?: AbortSignal;
}

/** Builds the HTTP app. No side effects: nothing listens and nothing starts until the caller says so. */
export function createApp({
  db,
  config,
  logger = pino({ level: "silent" }),
  bus = createLocalBus(),
  shutdown = new AbortController().signal,
}: AppDeps) {
  const app = new OpenAPIHono();
  const baseDeps: ServiceDeps = { db: db.db };
  const metrics = createMetrics({ countTraces: () => countTraces(baseDeps) });
  const deps: ServiceDeps = { ...baseDeps, observeDbWrite: metrics.observeDbWrite };
  registerRunCollectors(metrics.registry, baseDeps);
  const redi = createRediHealth({
    mode: config.rediMode,
    baseUrl: config.rediBaseUrl,
    healthPath: config.rediHealthPath,
    cacheTtlSeconds: config.rediHealthCacheTtlSeconds,
  });
  const ctx: AppContext = { app, deps, config, logger, metrics, redi, bus, shutdown };

  app.use("*", async (c, next) => {
    const requestId = c.req.header("x-request-id") ?? randomUUID();
    c.set("requestId" as never, requestId as never);
    const start = performance.now();
    await next();
    c.header("x-request-id", requestId);
    const route = c.req.routePath === "/*" || c.req.routePath === "*" ? "(unmatched)" : c.req.routePath;
    metrics.observeRequest(c.req.method, route, c.res.status, (performance.now() - start) / 1000);
  });
  app.onError(createErrorHandler(logger));

  registerHealthRoutes(ctx);
  registerTraceRoutes(ctx);
  registerDatasetRoutes(ctx);
  registerGeneratorRoutes(ctx);
  registerTunixExportRoutes(ctx);
  registerRunRoutes(ctx);
  registerArtifactRoutes(ctx, async (id) => (await getRunRow(deps, id), runDirFor(config.dataDir, id)));
  registerDocsRoutes(ctx);
  app.all("/api/*", (c) =>
    problemResponse(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}`),
  );
  registerWebRoutes(ctx);
  return Object.assign(app, { ctx });
}
export type App = ReturnType<typeof createApp>;
