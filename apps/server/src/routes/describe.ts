import type { OpenAPIHono } from "@hono/zod-openapi";
import { Problem } from "@tunix-rt/contracts";
import type { z } from "zod";
import type { AppEnv } from "../app-context.js";

interface RouteDoc {
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
  contentType?: string;
}

/**
 * Adds a route to the OpenAPI document from the same contract schemas the handlers use. Handlers
 * validate explicitly (byte-limited bodies, per-line NDJSON), so documentation is kept separate.
 */
export function describe(
  app: OpenAPIHono<AppEnv>,
  method: "get" | "post" | "put" | "patch" | "delete",
  path: string,
  summary: string,
  doc: RouteDoc = {},
) {
  const problem = {
    description: "Problem (RFC 9457)",
    content: { "application/problem+json": { schema: Problem } },
  };
  app.openAPIRegistry.registerPath({
    method,
    path,
    summary,
    tags: [path.split("/")[2] ?? "misc"],
    request: {
      ...(doc.params ? { params: doc.params } : {}),
      ...(doc.query ? { query: doc.query } : {}),
      ...(doc.body ? { body: { content: { "application/json": { schema: doc.body } } } } : {}),
    },
    responses: {
      [doc.status ?? 200]: {
        description: "Success",
        ...(doc.response
          ? { content: { [doc.contentType ?? "application/json"]: { schema: doc.response } } }
          : {}),
      },
      "4XX": problem,
    },
  });
}
