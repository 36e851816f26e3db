import { HealthResponse, RediHealthResponse } from "@tunix-rt/contracts";
import type { AppContext } from "../app-context.js";
import { describe } from "./describe.js";

export function registerHealthRoutes({ app, redi, metrics }: AppContext) {
  describe(app, "get", "/api/health", "Liveness of the API (touches nothing else)", {
    response: HealthResponse,
  });
  app.get("/api/health", (c) => c.json({ status: "healthy" as const }));

  describe(app, "get", "/api/redi/health", "RediAI health (cached for REDIAI_HEALTH_CACHE_TTL_SECONDS)", {
    response: RediHealthResponse,
  });
  app.get("/api/redi/health", async (c) => c.json(await redi.check()));

  app.get("/metrics", async (c) => {
    const text = await metrics.registry.metrics();
    return c.text(text, 200, { "content-type": metrics.registry.contentType });
  });
}
