import type {
  BuildDatasetBodyInput,
  BuildDatasetResponse,
  BulkDeleteTracesResponse,
  BulkScoreTracesResponse,
  CompareTracesResponse,
  CreateTraceBatchResponse,
  CreateTraceResponse,
  DatasetDetail,
  DatasetExamplesQuery,
  DatasetExamplesResponse,
  DatasetTokensQuery,
  DatasetTokensResponse,
  ExportDatasetQuery,
  GenerateTracesBodyInput,
  GenerateTracesResponse,
  GeneratorName,
  HealthResponse,
  ImportTracesResponse,
  ListArtifactsResponse,
  ListDatasetsResponse,
  ListGeneratorsResponse,
  ListRunsQuery,
  ListRunsResponse,
  ListTraceScoresResponse,
  ListTracesQueryInput,
  ListTracesResponse,
  OnDuplicate,
  PreviewDatasetResponse,
  Problem,
  RediHealthResponse,
  RunComparison,
  RunDetail,
  RunMetricsResponse,
  RunStatusResponse,
  ScoreCriteria,
  ScoreTraceResponse,
  SubmitRunBodyInput,
  TraceDetail,
  TunixManifestBody,
  TunixManifestResponse,
  TunixStatusResponse,
  WorkerInfo,
} from "@tunix-rt/contracts";
import type { z } from "zod";
import { ApiError } from "./api-error.js";
import { evalsClient } from "./evals-client.js";
import { type FollowOptions, followRun } from "./follow-run.js";
import { modelsClient } from "./models-client.js";

/** Query of a dataset export download (every field optional; the server applies the defaults). */
export type ExportDatasetQueryInput = Partial<ExportDatasetQuery>;
export type DatasetExamplesQueryInput = z.input<typeof DatasetExamplesQuery>;
export type DatasetTokensQueryInput = Partial<DatasetTokensQuery>;
export type TunixManifestBodyInput = Pick<TunixManifestBody, "dataset_key" | "model_id" | "output_dir"> &
  Partial<TunixManifestBody>;

/** Filters of the run list (every field optional; the server applies the defaults). */
export type ListRunsQueryInput = Partial<ListRunsQuery>;

/** A snapshot of a run's log lines (`GET …/logs?follow=false`). */
export interface RunLogsSnapshot {
  run_id: string;
  status: RunDetail["status"];
  lines: Array<{ seq: number; stream: "stdout" | "stderr"; line: string; t: string }>;
  next_seq: number;
}

/** Each segment of an artifact path percent-encoded once; the slashes between them stay. */
const encodeArtifactPath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

export interface ClientOptions {
  /** Server origin, e.g. http://127.0.0.1:8000; "" means same origin (the web app). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | undefined | null>;

function queryString(q: Query | undefined): string {
  if (!q) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q))
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** The ApiError for a non-2xx response, with its RFC 9457 problem document when it sent one. */
async function responseError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  let problem: Problem | null = null;
  try {
    problem = JSON.parse(text) as Problem;
    if (typeof problem?.detail !== "string") problem = null;
  } catch {
    problem = null;
  }
  return new ApiError(res.status, problem, `HTTP ${res.status} ${res.statusText}: ${text.slice(0, 200)}`);
}

/** Typed client for the tunix-rt HTTP API, shared by the web app, the CLI, tests and benchmarks. */
export function createClient(opts: ClientOptions = {}) {
  const base = (opts.baseUrl ?? "").replace(/\/+$/, "");
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);

  async function request<T>(
    method: string,
    path: string,
    init: { query?: Query; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json", ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    const reqInit: RequestInit & { duplex?: "half" } = { method, headers, body };
    // Streaming request bodies need half-duplex in fetch; refusing redirects stops Node's fetch
    // from keeping every sent chunk for a possible replay (nodejs/undici#4058), so memory stays flat.
    if (body && typeof (body as ReadableStream).getReader === "function") {
      reqInit.duplex = "half";
      reqInit.redirect = "error";
    }
    const res = await doFetch(`${base}${path}${queryString(init.query)}`, reqInit);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!res.ok) {
      let problem: Problem | null = null;
      try {
        problem = JSON.parse(text) as Problem;
        if (typeof problem?.detail !== "string") problem = null;
      } catch {
        problem = null;
      }
      throw new ApiError(res.status, problem, `HTTP ${res.status} ${res.statusText}: ${text.slice(0, 200)}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Opens a run's live log (SSE) once the server answered 2xx; `lastEventId` resumes after that seq. */
  const openLogs = async (
    id: string,
    opts: { sinceSeq?: number; lastEventId?: number; signal?: AbortSignal } = {},
  ) => {
    const headers: Record<string, string> = { accept: "text/event-stream", "cache-control": "no-cache" };
    if (opts.lastEventId !== undefined) headers["last-event-id"] = String(opts.lastEventId);
    const res = await doFetch(
      `${base}/api/tunix/runs/${encodeURIComponent(id)}/logs${queryString({ since_seq: opts.sinceSeq })}`,
      { headers, signal: opts.signal },
    );
    if (!res.ok) throw await responseError(res);
    return res;
  };

  return {
    baseUrl: base,
    request,
    health: () => request<HealthResponse>("GET", "/api/health"),
    rediHealth: () => request<RediHealthResponse>("GET", "/api/redi/health"),
    traces: {
      create: (trace: unknown) => request<CreateTraceResponse>("POST", "/api/traces", { json: trace }),
      createBatch: (traces: unknown[]) =>
        request<CreateTraceBatchResponse>("POST", "/api/traces/batch", { json: traces }),
      /** Streams NDJSON (one trace per line) to the batch endpoint; the body may be any size. */
      importNdjson: (body: BodyInit, options: { onDuplicate?: OnDuplicate } = {}) =>
        request<ImportTracesResponse>("POST", "/api/traces/batch", {
          body,
          headers: { "content-type": "application/x-ndjson" },
          query: { on_duplicate: options.onDuplicate },
        }),
      get: (id: string) => request<TraceDetail>("GET", `/api/traces/${encodeURIComponent(id)}`),
      list: (query: ListTracesQueryInput = {}) =>
        request<ListTracesResponse>("GET", "/api/traces", { query: query as Query }),
      delete: (id: string) => request<void>("DELETE", `/api/traces/${encodeURIComponent(id)}`),
      /** Scores up to 1000 traces; those the criteria cannot score come back in `skipped`. */
      bulkScore: (ids: string[], criteria: ScoreCriteria) =>
        request<BulkScoreTracesResponse>("POST", "/api/traces/bulk-score", { json: { ids, criteria } }),
      /** Deletes up to 1000 traces, all or none (409 while a dataset holds any). */
      bulkDelete: (ids: string[]) =>
        request<BulkDeleteTracesResponse>("POST", "/api/traces/bulk-delete", { json: { ids } }),
      score: (id: string, criteria: ScoreCriteria = "baseline") =>
        request<ScoreTraceResponse>("POST", `/api/traces/${encodeURIComponent(id)}/score`, {
          json: { criteria },
        }),
      scores: (id: string) =>
        request<ListTraceScoresResponse>("GET", `/api/traces/${encodeURIComponent(id)}/scores`),
      compare: (base: string, other: string) =>
        request<CompareTracesResponse>("GET", "/api/traces/compare", { query: { base, other } }),
    },
    datasets: {
      list: (query: { limit?: number; cursor?: string; name?: string } = {}) =>
        request<ListDatasetsResponse>("GET", "/api/datasets", { query }),
      get: (key: string) => request<DatasetDetail>("GET", `/api/datasets/${encodeURIComponent(key)}`),
      build: (body: BuildDatasetBodyInput) =>
        request<BuildDatasetResponse>("POST", "/api/datasets/build", { json: body }),
      /** How many traces a build request would match and select; name and version may be left out. */
      preview: (body: Partial<BuildDatasetBodyInput>) =>
        request<PreviewDatasetResponse>("POST", "/api/datasets/preview", { json: body }),
      delete: (key: string) => request<void>("DELETE", `/api/datasets/${encodeURIComponent(key)}`),
      /** Sample examples as the model sees them: the masked prompt and the trained completion. */
      examples: (key: string, query: DatasetExamplesQueryInput = {}) =>
        request<DatasetExamplesResponse>("GET", `/api/datasets/${encodeURIComponent(key)}/examples`, {
          query: query as Query,
        }),
      /** Gemma 3 token statistics and histogram; the first call may wait for the tokenizer to load. */
      tokens: (key: string, query: DatasetTokensQueryInput = {}) =>
        request<DatasetTokensResponse>("GET", `/api/datasets/${encodeURIComponent(key)}/tokens`, {
          query: query as Query,
        }),
      /** URL of the NDJSON export, for a download link or a streaming fetch. */
      exportUrl: (key: string, query: ExportDatasetQueryInput = {}) =>
        `${base}/api/datasets/${encodeURIComponent(key)}/export.jsonl${queryString(query as Query)}`,
      /**
       * Opens the NDJSON export as a stream: the response (body unread) once the server has
       * answered 2xx, so the caller can read it in constant memory; its `x-trace-count` header
       * says how many lines to expect. Non-2xx answers throw ApiError like every other call.
       */
      openExport: async (
        key: string,
        query: ExportDatasetQueryInput = {},
        init: { signal?: AbortSignal } = {},
      ) => {
        const res = await doFetch(
          `${base}/api/datasets/${encodeURIComponent(key)}/export.jsonl${queryString(query as Query)}`,
          { headers: { accept: "application/x-ndjson" }, signal: init.signal },
        );
        if (!res.ok) throw await responseError(res);
        return res;
      },
      /** URL of the seed-format manifest with every trace id. */
      manifestUrl: (key: string) => `${base}/api/datasets/${encodeURIComponent(key)}/manifest.json`,
    },
    generators: {
      list: () => request<ListGeneratorsResponse>("GET", "/api/generators"),
      generate: (name: GeneratorName, body: GenerateTracesBodyInput) =>
        request<GenerateTracesResponse>("POST", `/api/generators/${encodeURIComponent(name)}/generate`, {
          json: body,
        }),
    },
    tunix: {
      sftManifest: (body: TunixManifestBodyInput) =>
        request<TunixManifestResponse>("POST", "/api/tunix/sft/manifest", { json: body }),
      /** Which trainer backends the server's host can run (the seed's shape plus `backends`). */
      status: () => request<TunixStatusResponse>("GET", "/api/tunix/status"),
    },
    /** Streaming reads of a run for the CLI: the live log (SSE) and artifact downloads, bodies unread. */
    runStreams: {
      /**
       * Opens a run's live log (SSE) and returns the response once the server answered 2xx.
       * `lastEventId` resumes after that seq, as a reconnecting EventSource would.
       */
      openLogs,
      /** Opens an artifact download (a directory comes as a tar stream) once the server answered 2xx. */
      openArtifact: async (id: string, path: string, init: { signal?: AbortSignal } = {}) => {
        const segments = path.split("/").map(encodeURIComponent).join("/");
        const res = await doFetch(
          `${base}/api/tunix/runs/${encodeURIComponent(id)}/artifacts/${segments}/download`,
          { signal: init.signal },
        );
        if (!res.ok) throw await responseError(res);
        return res;
      },
    },
    runs: {
      /**
       * Queues a run (202, pending) or, with `dry_run` (the server's default), checks it without
       * starting anything (200, mode "dry-run", with `findings`).
       */
      submit: (body: SubmitRunBodyInput) =>
        request<RunDetail>("POST", "/api/tunix/run", { json: body, query: { mode: "async" } }),
      /** Names a run, or clears its name with null. */
      rename: (id: string, name: string | null) =>
        request<RunDetail>("PATCH", `/api/tunix/runs/${encodeURIComponent(id)}`, { json: { name } }),
      list: (query: ListRunsQueryInput = {}) =>
        request<ListRunsResponse>("GET", "/api/tunix/runs", { query: query as Query }),
      get: (id: string) => request<RunDetail>("GET", `/api/tunix/runs/${encodeURIComponent(id)}`),
      status: (id: string) =>
        request<RunStatusResponse>("GET", `/api/tunix/runs/${encodeURIComponent(id)}/status`),
      cancel: (id: string) => request<RunDetail>("POST", `/api/tunix/runs/${encodeURIComponent(id)}/cancel`),
      /** A new run with the same config; `resume` continues from the run's last checkpoint. */
      retry: (id: string, options: { resume?: boolean } = {}) =>
        request<RunDetail>("POST", `/api/tunix/runs/${encodeURIComponent(id)}/retry`, {
          json: { resume: options.resume ?? false },
        }),
      /**
       * Follows a run's live stream until its final status: an async iterator of parsed events
       * (`hello`, `log`, `metric`, `status`, `heartbeat`) plus `reconnecting`/`reconnected` when
       * the connection drops and resumes with Last-Event-ID. Each line and status comes once.
       */
      follow: (id: string, options: FollowOptions = {}) => followRun(openLogs, id, options),
      /** URL of the live log stream (SSE); lines after `sinceSeq` (exclusive). */
      logsUrl: (id: string, sinceSeq = 0) =>
        `${base}/api/tunix/runs/${encodeURIComponent(id)}/logs${queryString({ since_seq: sinceSeq || undefined })}`,
      /** The lines after `sinceSeq` as JSON, without following. */
      logs: (id: string, query: { sinceSeq?: number; limit?: number } = {}) =>
        request<RunLogsSnapshot>("GET", `/api/tunix/runs/${encodeURIComponent(id)}/logs`, {
          query: { follow: "false", since_seq: query.sinceSeq, limit: query.limit },
        }),
      /** URL of the whole log as a text download. */
      logsTxtUrl: (id: string) => `${base}/api/tunix/runs/${encodeURIComponent(id)}/logs.txt`,
      /** Runs side by side: settings (which differ), final and best metrics. */
      compare: (ids: string[]) =>
        request<RunComparison>("GET", "/api/tunix/runs/compare", { query: { ids: ids.join(",") } }),
      /** Metric series, downsampled on the server to at most `maxPoints` each. */
      metrics: (id: string, query: { names?: string[]; maxPoints?: number } = {}) =>
        request<RunMetricsResponse>("GET", `/api/tunix/runs/${encodeURIComponent(id)}/metrics`, {
          query: { names: query.names?.join(","), max_points: query.maxPoints },
        }),
      artifacts: (id: string, query: { hash?: boolean } = {}) =>
        request<ListArtifactsResponse>("GET", `/api/tunix/runs/${encodeURIComponent(id)}/artifacts`, {
          query: { hash: query.hash ? "true" : undefined },
        }),
      /** URL that downloads one artifact: a file as is, a directory as a .tar. */
      artifactUrl: (id: string, path: string) =>
        `${base}/api/tunix/runs/${encodeURIComponent(id)}/artifacts/${encodeArtifactPath(path)}/download`,
    },
    workers: {
      list: () => request<{ data: WorkerInfo[] }>("GET", "/api/workers"),
    },
    evals: evalsClient(request),
    models: modelsClient(request, base),
  };
}
export type TunixClient = ReturnType<typeof createClient>;
