import { swaggerUI } from "@hono/swagger-ui";
import type { AppContext } from "../app-context.js";

export function registerDocsRoutes({ app }: AppContext) {
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "tunix-rt API",
      version: "0.1.0",
      description: "Reasoning traces, datasets and training runs. Errors are RFC 9457 problem documents.",
    },
  });
  app.get("/api/docs", swaggerUI({ url: "/api/openapi.json" }));
}
