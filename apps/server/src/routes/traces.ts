import {
  CompareTracesResponse,
  CreateTraceBatchResponse,
  CreateTraceResponse,
  ImportTracesResponse,
  ListTraceScoresResponse,
  ListTracesQuery,
  ListTracesResponse,
  OnDuplicate,
  Problem,
  ReasoningTrace,
  RenderedExample,
  RenderQuery,
  ScoreTraceBody,
  ScoreTraceResponse,
  TraceDetail,
} from "@tunix-rt/contracts";
import {
  AppError,
  compareTraces,
  createTrace,
  createTraceBatch,
  deleteTrace,
  getTrace,
  importTraces,
  listTraceScores,
  listTraces,
  renderTrace,
  scoreTrace,
  zodFieldErrors,
} from "@tunix-rt/services";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { parseQuery } from "../http/parse-query.js";
import { limitedBody, parseJsonBody, readJsonBody } from "../http/read-body.js";
import { describe } from "./describe.js";

const NDJSON = /^application\/(x-)?ndjson\b|^application\/jsonl\b/i;

export function registerTraceRoutes(ctx: AppContext) {
  const { app, deps, config } = ctx;
  const id = z.object({ id: z.string() });

  describe(app, "post", "/api/traces", "Store one reasoning trace", {
    body: ReasoningTrace,
    status: 201,
    response: CreateTraceResponse,
  });
  app.post("/api/traces", async (c) => {
    const body = await readJsonBody(c.req.raw, config.traceMaxBytes);
    return c.json(await createTrace(deps, body), 201);
  });

  describe(
    app,
    "post",
    "/api/traces/batch",
    "Store many traces: a JSON array (≤1000, all-or-nothing) or streaming NDJSON (any length, line by line)",
    {
      body: z.array(ReasoningTrace),
      status: 201,
      response: z.union([CreateTraceBatchResponse, ImportTracesResponse]),
      query: z.object({ on_duplicate: OnDuplicate.optional() }),
    },
  );
  app.post("/api/traces/batch", async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (NDJSON.test(type)) {
      const parsed = OnDuplicate.default("store").safeParse(c.req.query("on_duplicate"));
      if (!parsed.success)
        throw new AppError("validation", "Invalid query parameters", {
          errors: zodFieldErrors(parsed.error.issues, "query/on_duplicate"),
        });
      const result = await importTraces(deps, limitedBody(c.req.raw, Number.POSITIVE_INFINITY), {
        onDuplicate: parsed.data,
        maxLineBytes: config.traceMaxBytes,
      });
      return c.json(result, 201);
    }
    const body = await readJsonBody(c.req.raw, config.batchJsonMaxBytes);
    return c.json(await createTraceBatch(deps, body), 201);
  });

  describe(
    app,
    "get",
    "/api/traces/compare",
    "Compare two traces: baseline scores, step alignment, answer diff",
    {
      query: z.object({ base: z.string(), other: z.string() }),
      response: CompareTracesResponse,
    },
  );
  app.get("/api/traces/compare", async (c) => {
    const q = parseQuery(
      c,
      z.object({ base: z.string({ error: "required" }), other: z.string({ error: "required" }) }),
    );
    return c.json(await compareTraces(deps, q.base, q.other));
  });

  describe(app, "get", "/api/traces", "List trace summaries, newest first (keyset pagination, filters)", {
    query: ListTracesQuery,
    response: ListTracesResponse,
  });
  app.get("/api/traces", async (c) => c.json(await listTraces(deps, parseQuery(c, ListTracesQuery))));

  describe(app, "get", "/api/traces/{id}", "Get one trace with its payload", {
    params: id,
    response: TraceDetail,
  });
  app.get("/api/traces/:id", async (c) => c.json(await getTrace(deps, c.req.param("id"))));

  describe(app, "delete", "/api/traces/{id}", "Delete a trace and its scores", { params: id, status: 204 });
  app.delete("/api/traces/:id", async (c) => {
    await deleteTrace(deps, c.req.param("id"));
    return c.body(null, 204);
  });

  describe(
    app,
    "post",
    "/api/traces/{id}/score",
    "Score a trace (baseline or answer_match) and store the score",
    {
      params: id,
      body: ScoreTraceBody,
      status: 201,
      response: ScoreTraceResponse,
    },
  );
  app.post("/api/traces/:id/score", async (c) => {
    // An empty body means the default criteria, as the seed's `{}` did.
    const body = await parseJsonBody(c.req.raw, ScoreTraceBody, "score request", 64 * 1024, {
      whenEmpty: {},
    });
    return c.json(await scoreTrace(deps, c.req.param("id"), body.criteria), 201);
  });

  describe(
    app,
    "get",
    "/api/traces/{id}/rendered",
    "The trace as a model is trained on it (Gemma template), with token counts",
    {
      params: id,
      query: RenderQuery,
      response: RenderedExample,
    },
  );
  app.get("/api/traces/:id/rendered", async (c) =>
    c.json(await renderTrace(deps, c.req.param("id"), parseQuery(c, RenderQuery))),
  );

  describe(app, "get", "/api/traces/{id}/scores", "All stored scores of a trace, newest first", {
    params: id,
    response: ListTraceScoresResponse,
  });
  app.get("/api/traces/:id/scores", async (c) => c.json(await listTraceScores(deps, c.req.param("id"))));

  void Problem;
}
