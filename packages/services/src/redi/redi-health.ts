import type { RediHealthResponse } from "@tunix-rt/contracts";

export interface RediConfig {
  mode: "mock" | "real";
  baseUrl: string;
  healthPath: string;
  cacheTtlSeconds: number;
  /** Only for tests of the mock's unhealthy state (the seed's simulate_healthy=False). */
  mockHealthy?: boolean;
}

const PROBE_TIMEOUT_MS = 5000;

async function probe(config: RediConfig): Promise<RediHealthResponse> {
  if (config.mode === "mock") {
    return config.mockHealthy === false
      ? { status: "down", error: "Mock unhealthy state" }
      : { status: "healthy" };
  }
  const url = `${config.baseUrl.replace(/\/+$/, "")}${config.healthPath}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.ok ? { status: "healthy" } : { status: "down", error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === "TimeoutError" || e.name === "AbortError")
      return { status: "down", error: "Timeout after 5s" };
    if (e.cause?.code === "ECONNREFUSED")
      return { status: "down", error: `Connection refused: ${e.cause.message ?? url}` };
    return { status: "down", error: `HTTP error: ${e.cause?.code ?? e.cause?.message ?? e.name}` };
  }
}

/**
 * RediAI health with the seed's TTL cache ("down" is cached too), fixed so that concurrent cache
 * misses share one probe instead of each sending their own.
 */
export function createRediHealth(config: RediConfig, now: () => number = Date.now) {
  let cached: { value: RediHealthResponse; at: number } | null = null;
  let inflight: Promise<RediHealthResponse> | null = null;
  let probes = 0;
  return {
    get probeCount() {
      return probes;
    },
    async check(): Promise<RediHealthResponse> {
      if (cached && now() - cached.at < config.cacheTtlSeconds * 1000) return cached.value;
      if (!inflight) {
        probes++;
        inflight = probe(config)
          .then((value) => {
            cached = { value, at: now() };
            return value;
          })
          .finally(() => {
            inflight = null;
          });
      }
      return inflight;
    },
  };
}
export type RediHealth = ReturnType<typeof createRediHealth>;
