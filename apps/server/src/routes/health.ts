import { HealthResponse, RediHealthResponse } from "@tunix-rt/contracts";
import { databaseHealth } from "@tunix-rt/services";
import type { AppContext } from "../app-context.js";
import { describe } from "./describe.js";

export function registerHealthRoutes({ app, deps, redi, metrics }: AppContext) {
  describe(
    app,
    "get",
    "/api/health",
    "Health of the API and its database (503 while the database does not answer)",
    {
      response: HealthResponse,
    },
  );
  app.get("/api/health", async (c) => {
    const database = await databaseHealth(deps);
    const ok = database.status === "ok";
    return c.json({ status: ok ? ("healthy" as const) : ("unhealthy" as const), database }, ok ? 200 : 503);
  });

  describe(app, "get", "/api/redi/health", "RediAI health (cached for REDIAI_HEALTH_CACHE_TTL_SECONDS)", {
    response: RediHealthResponse,
  });
  app.get("/api/redi/health", async (c) => c.json(await redi.check()));

  app.get("/metrics", async (c) => {
    const text = await metrics.registry.metrics();
    return c.text(text, 200, { "content-type": metrics.registry.contentType });
  });
}
