import type {
  CompareTracesResponse,
  CreateTraceBatchResponse,
  CreateTraceResponse,
  HealthResponse,
  ImportTracesResponse,
  ListTraceScoresResponse,
  ListTracesQueryInput,
  ListTracesResponse,
  OnDuplicate,
  Problem,
  RediHealthResponse,
  ScoreCriteria,
  ScoreTraceResponse,
  TraceDetail,
} from "@tunix-rt/contracts";
import { ApiError } from "./api-error.js";

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
    // Streaming request bodies need half-duplex in fetch.
    if (body && typeof (body as ReadableStream).getReader === "function") reqInit.duplex = "half";
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
      score: (id: string, criteria: ScoreCriteria = "baseline") =>
        request<ScoreTraceResponse>("POST", `/api/traces/${encodeURIComponent(id)}/score`, {
          json: { criteria },
        }),
      scores: (id: string) =>
        request<ListTraceScoresResponse>("GET", `/api/traces/${encodeURIComponent(id)}/scores`),
      compare: (base: string, other: string) =>
        request<CompareTracesResponse>("GET", "/api/traces/compare", { query: { base, other } }),
    },
  };
}
export type TunixClient = ReturnType<typeof createClient>;
