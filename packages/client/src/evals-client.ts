import type {
  Baseline,
  BuildEvalSetBodyInput,
  CompareItemDetail,
  CompareItemsQueryInput,
  CompareItemsResponse,
  EvalSetSummary,
  EvaluateRunBody,
  EvaluationComparison,
  EvaluationDetail,
  GateResult,
  LeaderboardQueryInput,
  LeaderboardResponse,
  ListEvalItemsResponse,
  ListEvalResultsQuery,
  ListEvalResultsResponse,
  ListEvalSetsResponse,
  ListEvaluationsQuery,
  ListEvaluationsResponse,
  RunEvaluationsResponse,
  SeedEvaluationResponse,
  SubmitEvalRunBodyInput,
} from "@tunix-rt/contracts";

type Query = Record<string, string | number | boolean | undefined | null>;
type Request = <T>(
  method: string,
  path: string,
  init?: { query?: Query; json?: unknown; body?: BodyInit; headers?: Record<string, string> },
) => Promise<T>;

const enc = encodeURIComponent;

/** Eval sets and evaluations (an evaluation is a run: cancel, retry and logs are `runs.*`). */
export function evalsClient(request: Request) {
  return {
    sets: {
      list: (query: { limit?: number; cursor?: string } = {}) =>
        request<ListEvalSetsResponse>("GET", "/api/evals/sets", { query }),
      get: (key: string) => request<EvalSetSummary>("GET", `/api/evals/sets/${enc(key)}`),
      items: (key: string, query: { limit?: number; cursor?: string } = {}) =>
        request<ListEvalItemsResponse>("GET", `/api/evals/sets/${enc(key)}/items`, { query }),
      /** Stores a version from JSONL ({id, prompt, expected_answer, category?, difficulty?} per line), streamed. */
      import: (
        body: BodyInit,
        head: { name: string; version: string; description?: string; extraction?: string[] },
      ) =>
        request<EvalSetSummary>("POST", "/api/evals/sets/import", {
          body,
          headers: { "content-type": "application/x-ndjson" },
          query: { ...head, extraction: head.extraction?.join(",") },
        }),
      build: (body: BuildEvalSetBodyInput) =>
        request<EvalSetSummary>("POST", "/api/evals/sets/build", { json: body }),
      delete: (key: string) => request<void>("DELETE", `/api/evals/sets/${enc(key)}`),
    },
    /** Queues an evaluation of a run's checkpoint (or a base model) on an eval set. */
    submit: (body: SubmitEvalRunBodyInput) =>
      request<EvaluationDetail>("POST", "/api/evals/runs", { json: body }),
    list: (query: Partial<ListEvaluationsQuery> = {}) =>
      request<ListEvaluationsResponse>("GET", "/api/evals/runs", { query: query as Query }),
    get: (id: string) => request<EvaluationDetail>("GET", `/api/evals/runs/${enc(id)}`),
    items: (id: string, query: Partial<ListEvalResultsQuery> = {}) =>
      request<ListEvalResultsResponse>("GET", `/api/evals/runs/${enc(id)}/items`, { query: query as Query }),
    /** Two completed evaluations of one eval set, item by item, with the paired difference's interval. */
    compare: (baseline: string, candidate: string) =>
      request<EvaluationComparison>("GET", "/api/evals/compare", { query: { baseline, candidate } }),
    /** The items of two evaluations side by side (flipped ones by default). */
    compareItems: (query: CompareItemsQueryInput) =>
      request<CompareItemsResponse>("GET", "/api/evals/compare/items", { query: query as Query }),
    /** One item of two evaluations, both outputs as aligned reasoning steps. */
    compareItem: (baseline: string, candidate: string, position: number) =>
      request<CompareItemDetail>("GET", `/api/evals/compare/items/${position}`, {
        query: { baseline, candidate },
      }),
    /** Models ranked on eval sets, each by its latest evaluation. */
    leaderboard: (query: LeaderboardQueryInput = {}) =>
      request<LeaderboardResponse>("GET", "/api/leaderboard", { query: query as Query }),
    baselines: {
      put: (body: { name: string; model: string; eval_set: string; max_drop?: number }) =>
        request<Baseline>("POST", "/api/regression/baselines", { json: body }),
      list: () => request<{ data: Baseline[] }>("GET", "/api/regression/baselines"),
      get: (name: string) => request<Baseline>("GET", `/api/regression/baselines/${enc(name)}`),
      delete: (name: string) => request<void>("DELETE", `/api/regression/baselines/${enc(name)}`),
    },
    /** The regression gate: a candidate model against a named baseline. */
    gate: (body: {
      baseline_name: string;
      candidate: string;
      max_drop?: number;
      require_evidence?: boolean;
    }) => request<GateResult>("POST", "/api/regression/check", { json: body }),
    /** A training run's evaluations over its checkpoints, with the best one marked. */
    ofRun: (runId: string) =>
      request<RunEvaluationsResponse>("GET", `/api/tunix/runs/${enc(runId)}/evaluations`),
    /** The seed's POST /api/tunix/runs/{id}/evaluate. */
    evaluateRun: (runId: string, body: Partial<EvaluateRunBody> = {}) =>
      request<SeedEvaluationResponse>("POST", `/api/tunix/runs/${enc(runId)}/evaluate`, { json: body }),
    /** The seed's GET /api/tunix/runs/{id}/evaluation. */
    runEvaluation: (runId: string) =>
      request<SeedEvaluationResponse>("GET", `/api/tunix/runs/${enc(runId)}/evaluation`),
  };
}
