import type { ArithmeticSteps, GenerateTracesResponse, GeneratorName } from "@tunix-rt/contracts";
import { api } from "../../shared/api";

/** Requests are at least this many traces, so small runs are one request. */
export const CHUNK_MIN = 500;
/** ...and at most this many, so a progress bar moves and no single request runs long. */
export const CHUNK_MAX = 5000;
const TARGET_CHUNKS = 20;
/** The server's GENERATOR_MAX_COUNT (contracts is imported for types only, to keep zod out). */
export const MAX_COUNT = 100_000;

export interface GenerationRequest {
  count: number;
  /** null: the server picks one, and every later chunk reuses the one it picked. */
  seed: number | null;
  start_index: number;
  options: { difficulty?: 1 | 2 | 3 | "mixed"; digits?: number; steps?: ArithmeticSteps };
}

export interface GenerationResult {
  generator: GeneratorName;
  seed: number;
  start_index: number;
  requested: number;
  created_count: number;
  chunks: number;
  cancelled: boolean;
  preview: GenerateTracesResponse["preview"];
  /** Every id, when the run was small enough for the server to list them. */
  trace_ids: string[] | null;
}

/**
 * Splits a run into chunks of consecutive indices. Trace k depends only on (seed, start_index + k),
 * so chunks with the same seed make exactly the traces one big request would.
 */
export function chunkPlan(count: number, startIndex: number): { start_index: number; count: number }[] {
  // Out of range: one request, so the server's validation message reaches the user.
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) return [{ start_index: startIndex, count }];
  const size = Math.min(CHUNK_MAX, Math.max(CHUNK_MIN, Math.ceil(count / TARGET_CHUNKS)));
  const chunks: { start_index: number; count: number }[] = [];
  for (let done = 0; done < count; done += size) {
    chunks.push({ start_index: startIndex + done, count: Math.min(size, count - done) });
  }
  return chunks;
}

type Generate = (name: GeneratorName, body: GenerationRequest) => Promise<GenerateTracesResponse>;

/** Runs the chunks one after another, reporting created counts; stops between chunks when asked. */
export async function runGeneration(
  name: GeneratorName,
  req: GenerationRequest,
  hooks: { onProgress: (created: number, total: number) => void; shouldStop: () => boolean },
  generate: Generate = (n, body) => api.generators.generate(n, body),
): Promise<GenerationResult> {
  const plan = chunkPlan(req.count, req.start_index);
  let seed = req.seed;
  let created = 0;
  let preview: GenerationResult["preview"] = [];
  let ids: string[] | null = [];
  let chunks = 0;
  let cancelled = false;
  hooks.onProgress(0, req.count);
  for (const chunk of plan) {
    if (hooks.shouldStop()) {
      cancelled = true;
      break;
    }
    const res = await generate(name, { ...req, seed, start_index: chunk.start_index, count: chunk.count });
    seed = res.seed;
    created += res.created_count;
    chunks++;
    if (preview.length === 0) preview = res.preview;
    ids = ids && res.trace_ids ? [...ids, ...res.trace_ids] : null;
    hooks.onProgress(created, req.count);
  }
  return {
    generator: name,
    seed: seed ?? 0,
    start_index: req.start_index,
    requested: req.count,
    created_count: created,
    chunks,
    cancelled,
    preview,
    trace_ids: ids && ids.length === created ? ids : null,
  };
}
