import {
  BuildEvalSetBody,
  CompareEvaluationsQuery,
  EVAL_RESULT_FILTERS,
  EvalItemInput,
  EvalSetSummary,
  EvaluationComparison,
  EvaluationDetail,
  ImportEvalSetQuery,
  ListEvalItemsQuery,
  ListEvalItemsResponse,
  ListEvalResultsQuery,
  ListEvalResultsResponse,
  ListEvalSetsQuery,
  ListEvalSetsResponse,
  ListEvaluationsQuery,
  ListEvaluationsResponse,
  SubmitEvalRunBody,
} from "@tunix-rt/contracts";
import {
  buildEvalSet,
  compareEvaluations,
  deleteEvalSet,
  getEvalSet,
  getEvaluation,
  importEvalSet,
  listEvalItems,
  listEvalResults,
  listEvalSets,
  listEvaluations,
  runDirFor,
  submitEvalRun,
} from "@tunix-rt/services";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { parseQuery } from "../http/parse-query.js";
import { limitedBody, parseJsonBody } from "../http/read-body.js";
import { describe } from "./describe.js";

const BODY_MAX = 64 * 1024;
const key = z.object({ key: z.string() });
const id = z.object({ id: z.string() });

/** Eval sets and evaluation runs (an evaluation is a run of kind `eval`: cancel, retry, logs as any run). */
export function registerEvalRoutes({ app, deps, config }: AppContext) {
  const ctx = { runDir: (runId: string) => runDirFor(config.dataDir, runId) };

  describe(app, "get", "/api/evals/sets", "List eval sets, newest first", {
    query: ListEvalSetsQuery,
    response: ListEvalSetsResponse,
  });
  app.get("/api/evals/sets", async (c) => c.json(await listEvalSets(deps, parseQuery(c, ListEvalSetsQuery))));

  describe(
    app,
    "post",
    "/api/evals/sets/import",
    "Store an eval set version from JSONL ({id, prompt, expected_answer, category?, difficulty?} per line); all or nothing, bad lines named",
    { query: ImportEvalSetQuery, body: z.array(EvalItemInput), status: 201, response: EvalSetSummary },
  );
  app.post("/api/evals/sets/import", async (c) => {
    const q = parseQuery(c, ImportEvalSetQuery);
    return c.json(await importEvalSet(deps, q, limitedBody(c.req.raw, config.batchJsonMaxBytes)), 201);
  });

  describe(
    app,
    "post",
    "/api/evals/sets/build",
    "Store an eval set version from a dataset version's split, or generated with a dataset held out",
    { body: BuildEvalSetBody, status: 201, response: EvalSetSummary },
  );
  app.post("/api/evals/sets/build", async (c) => {
    const body = await parseJsonBody(c.req.raw, BuildEvalSetBody, "eval set request", BODY_MAX);
    return c.json(await buildEvalSet(deps, body), 201);
  });

  describe(app, "get", "/api/evals/sets/{key}", "An eval set version: counts, content hash, source", {
    params: key,
    response: EvalSetSummary,
  });
  app.get("/api/evals/sets/:key", async (c) => c.json(await getEvalSet(deps, c.req.param("key"))));

  describe(app, "get", "/api/evals/sets/{key}/items", "An eval set's items in order (paged by position)", {
    params: key,
    query: ListEvalItemsQuery,
    response: ListEvalItemsResponse,
  });
  app.get("/api/evals/sets/:key/items", async (c) =>
    c.json(await listEvalItems(deps, c.req.param("key"), parseQuery(c, ListEvalItemsQuery))),
  );

  describe(app, "delete", "/api/evals/sets/{key}", "Delete an eval set no run uses (409 otherwise)", {
    params: key,
    status: 204,
  });
  app.delete("/api/evals/sets/:key", async (c) => {
    await deleteEvalSet(deps, c.req.param("key"));
    return c.body(null, 204);
  });

  describe(
    app,
    "post",
    "/api/evals/runs",
    "Queue an evaluation: a training run's checkpoint (final, best, init or a step) or a base model, on an eval set",
    { body: SubmitEvalRunBody, status: 202, response: EvaluationDetail },
  );
  app.post("/api/evals/runs", async (c) => {
    const body = await parseJsonBody(c.req.raw, SubmitEvalRunBody, "evaluation request", BODY_MAX);
    const run = await submitEvalRun(deps, body, ctx);
    return c.json(await getEvaluation(deps, run.run_id), 202);
  });

  describe(
    app,
    "get",
    "/api/evals/runs",
    "List evaluations, newest first (by eval set, evaluated run, status)",
    {
      query: ListEvaluationsQuery,
      response: ListEvaluationsResponse,
    },
  );
  app.get("/api/evals/runs", async (c) =>
    c.json(await listEvaluations(deps, parseQuery(c, ListEvaluationsQuery))),
  );

  describe(
    app,
    "get",
    "/api/evals/runs/{id}",
    "An evaluation: progress, accuracy with its 95% interval, breakdowns",
    {
      params: id,
      response: EvaluationDetail,
    },
  );
  app.get("/api/evals/runs/:id", async (c) => c.json(await getEvaluation(deps, c.req.param("id"))));

  describe(
    app,
    "get",
    "/api/evals/runs/{id}/items",
    `Per-item results: prompt, output, extracted answer, correctness (filter: ${EVAL_RESULT_FILTERS.join(", ")})`,
    { params: id, query: ListEvalResultsQuery, response: ListEvalResultsResponse },
  );
  app.get("/api/evals/runs/:id/items", async (c) =>
    c.json(await listEvalResults(deps, c.req.param("id"), parseQuery(c, ListEvalResultsQuery))),
  );

  describe(
    app,
    "get",
    "/api/evals/compare",
    "Compare two completed evaluations of one eval set item by item: the difference in accuracy with its paired 95% interval",
    { query: CompareEvaluationsQuery, response: EvaluationComparison },
  );
  app.get("/api/evals/compare", async (c) =>
    c.json(await compareEvaluations(deps, parseQuery(c, CompareEvaluationsQuery))),
  );
}
