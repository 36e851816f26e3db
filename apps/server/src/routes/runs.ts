import {
  CompareRunsQuery,
  EvaluateRunBody,
  ListRunsQuery,
  ListRunsResponse,
  ListWorkersResponse,
  RetryRunBody,
  RunComparison,
  RunDetail,
  RunEvaluationsResponse,
  RunMetricsQuery,
  RunMetricsResponse,
  RunStatusResponse,
  SeedEvaluationResponse,
  SubmitRunBody,
  UpdateRunBody,
} from "@tunix-rt/contracts";
import {
  cancelRun,
  compareRuns,
  evaluateRun,
  getRunDetail,
  getRunRow,
  listRuns,
  listWorkers,
  readLogs,
  renameRun,
  retryRun,
  runDirFor,
  runEvaluations,
  runMetricSeries,
  seedEvaluation,
  submitRun,
  toIso,
} from "@tunix-rt/services";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { parseQuery } from "../http/parse-query.js";
import { parseJsonBody } from "../http/read-body.js";
import { describe } from "./describe.js";
import { streamRunLogs } from "./run-logs-sse.js";

const id = z.object({ id: z.string() });
const LogsQuery = z.object({
  since_seq: z.coerce.number().int().min(0).default(0),
  follow: z.enum(["true", "false"]).default("true"),
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});

export function registerRunRoutes({ app, deps, config, shutdown }: AppContext) {
  const runDir = (runId: string) => runDirFor(config.dataDir, runId);
  const submitCtx = { runDir };

  describe(
    app,
    "post",
    "/api/tunix/run",
    "Submit a training run (?mode=async queues it: 202); dry_run checks it without starting",
    {
      body: SubmitRunBody,
      status: 202,
      response: RunDetail,
      query: z.object({ mode: z.enum(["async", "sync"]).optional() }),
    },
  );
  app.post("/api/tunix/run", async (c) => {
    const body = await parseJsonBody(c.req.raw, SubmitRunBody, "run request", 1024 * 1024);
    const run = await submitRun(deps, body, submitCtx);
    return c.json(run, run.mode === "dry-run" ? 200 : 202);
  });

  describe(app, "get", "/api/tunix/runs", "List runs, newest first (keyset pagination, filters)", {
    query: ListRunsQuery,
    response: ListRunsResponse,
  });
  app.get("/api/tunix/runs", async (c) => c.json(await listRuns(deps, parseQuery(c, ListRunsQuery))));

  describe(
    app,
    "get",
    "/api/tunix/runs/compare",
    "Runs side by side: summaries, every setting with those that differ marked, final and best metrics",
    { query: CompareRunsQuery, response: RunComparison },
  );
  app.get("/api/tunix/runs/compare", async (c) =>
    c.json(await compareRuns(deps, parseQuery(c, CompareRunsQuery).ids)),
  );

  describe(
    app,
    "get",
    "/api/tunix/runs/{id}",
    "A run with its config, timeline, tails, progress and final metrics",
    {
      params: id,
      response: RunDetail,
    },
  );
  app.get("/api/tunix/runs/:id", async (c) => c.json(await getRunDetail(deps, c.req.param("id"), runDir)));

  describe(app, "patch", "/api/tunix/runs/{id}", "Name a run (any status), or clear its name with null", {
    params: id,
    body: UpdateRunBody,
    response: RunDetail,
  });
  app.patch("/api/tunix/runs/:id", async (c) => {
    const body = await parseJsonBody(c.req.raw, UpdateRunBody, "run update", 4096);
    return c.json(await renameRun(deps, c.req.param("id"), body.name, runDir));
  });

  describe(app, "get", "/api/tunix/runs/{id}/status", "Run status (seed shape)", {
    params: id,
    response: RunStatusResponse,
  });
  app.get("/api/tunix/runs/:id/status", async (c) => {
    const r = await getRunRow(deps, c.req.param("id"));
    return c.json({
      run_id: r.id,
      status: r.status,
      queued_at: toIso(r.created_at),
      started_at: r.started_at ? toIso(r.started_at) : null,
      completed_at: r.completed_at ? toIso(r.completed_at) : null,
      exit_code: r.exit_code,
    });
  });

  describe(
    app,
    "post",
    "/api/tunix/runs/{id}/cancel",
    "Cancel: pending → cancelled; running → SIGTERM, grace, SIGKILL → cancelled",
    {
      params: id,
      response: RunDetail,
    },
  );
  app.post("/api/tunix/runs/:id/cancel", async (c) => {
    // Looked up first: a malformed id is a 404, not a path error.
    const runId = (await getRunRow(deps, c.req.param("id"))).id;
    const run = await cancelRun(deps, runId, runDir(runId));
    return c.json({
      ...run,
      message: run.status === "cancelled" ? "Run cancelled" : "Run cancellation requested",
    });
  });

  describe(
    app,
    "post",
    "/api/tunix/runs/{id}/retry",
    "A new run with the same config; {resume: true} continues from its last checkpoint",
    {
      params: id,
      body: RetryRunBody,
      status: 202,
      response: RunDetail,
    },
  );
  app.post("/api/tunix/runs/:id/retry", async (c) => {
    const body = await parseJsonBody(c.req.raw, RetryRunBody, "retry request", 4096, { whenEmpty: {} });
    return c.json(await retryRun(deps, c.req.param("id"), body.resume, submitCtx), 202);
  });

  describe(
    app,
    "get",
    "/api/tunix/runs/{id}/logs",
    "Live logs (SSE, resumable via Last-Event-ID / since_seq); ?follow=false for a JSON snapshot",
    {
      params: id,
      query: LogsQuery,
      contentType: "text/event-stream",
    },
  );
  app.get("/api/tunix/runs/:id/logs", async (c) => {
    const q = parseQuery(c, LogsQuery);
    const run = await getRunRow(deps, c.req.param("id"));
    const lastEventId = Number(c.req.header("last-event-id"));
    const from = Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : q.since_seq;
    if (q.follow === "false") {
      const lines = await readLogs(deps, run.id, from, q.limit);
      return c.json({
        run_id: run.id,
        status: run.status,
        lines,
        next_seq: lines.length ? lines[lines.length - 1]!.seq : from,
      });
    }
    return streamRunLogs(c, deps, run.id, from, shutdown);
  });

  describe(app, "get", "/api/tunix/runs/{id}/logs.txt", "The whole log as text", {
    params: id,
    contentType: "text/plain",
  });
  app.get("/api/tunix/runs/:id/logs.txt", async (c) => {
    const run = await getRunRow(deps, c.req.param("id"));
    const encoder = new TextEncoder();
    let after = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const lines = await readLogs(deps, run.id, after, 5000);
        if (!lines.length) return controller.close();
        after = lines[lines.length - 1]!.seq;
        controller.enqueue(
          encoder.encode(lines.map((l) => `${l.stream === "stderr" ? "[stderr] " : ""}${l.line}\n`).join("")),
        );
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="run-${run.id}.log"`,
      },
    });
  });

  describe(
    app,
    "get",
    "/api/tunix/runs/{id}/metrics",
    "Metric series, downsampled on the server for charts",
    {
      params: id,
      query: RunMetricsQuery,
      response: RunMetricsResponse,
    },
  );
  app.get("/api/tunix/runs/:id/metrics", async (c) => {
    const q = parseQuery(c, RunMetricsQuery);
    const run = await getRunRow(deps, c.req.param("id"));
    const names = q.names
      ? q.names
          .split(",")
          .map((n) => n.trim())
          .filter(Boolean)
      : null;
    return c.json(await runMetricSeries(deps, run.id, names, q.max_points));
  });

  describe(
    app,
    "post",
    "/api/tunix/runs/{id}/evaluate",
    "Evaluate the run's model (seed path): queues an evaluation run of its checkpoint (final by default) on an eval set (by default its dataset's test split)",
    { params: id, body: EvaluateRunBody, status: 201, response: SeedEvaluationResponse },
  );
  app.post("/api/tunix/runs/:id/evaluate", async (c) => {
    const body = await parseJsonBody(c.req.raw, EvaluateRunBody, "evaluation request", 4096, {
      whenEmpty: {},
    });
    return c.json(await evaluateRun(deps, c.req.param("id"), body, submitCtx), 201);
  });

  describe(
    app,
    "get",
    "/api/tunix/runs/{id}/evaluation",
    "The run's evaluation (seed shape): score = accuracy × 100, verdict from the 95% interval, per-item details",
    { params: id, response: SeedEvaluationResponse },
  );
  app.get("/api/tunix/runs/:id/evaluation", async (c) =>
    c.json(await seedEvaluation(deps, c.req.param("id"))),
  );

  describe(
    app,
    "get",
    "/api/tunix/runs/{id}/evaluations",
    "A training run's evaluations over its checkpoints, per eval set, with the best checkpoint marked",
    { params: id, response: RunEvaluationsResponse },
  );
  app.get("/api/tunix/runs/:id/evaluations", async (c) =>
    c.json(await runEvaluations(deps, c.req.param("id"))),
  );

  describe(app, "get", "/api/workers", "Registered workers, live ones first", {
    response: ListWorkersResponse,
  });
  app.get("/api/workers", async (c) => c.json({ data: await listWorkers(deps) }));
}
