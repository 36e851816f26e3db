import { randomInt } from "node:crypto";
import {
  GENERATOR_IDS_MAX,
  type GenerateTracesBody,
  type GenerateTracesResponse,
  type GeneratorName,
} from "@tunix-rt/contracts";
import type { ServiceDeps } from "../deps.js";
import { insertTraceRecords } from "../traces/insert-traces.js";
import { type TraceRecord, toTraceRecord } from "../traces/trace-record.js";
import { GENERATORS } from "./registry.js";

const BATCH = 1000;

/**
 * Generates `count` traces and stores them in batches as they are made, so memory stays flat
 * for the largest runs. Trace k depends only on (seed, start_index + k).
 */
export async function generateTraces(
  deps: ServiceDeps,
  name: GeneratorName,
  body: GenerateTracesBody,
  onProgress?: (done: number) => void,
): Promise<GenerateTracesResponse> {
  const gen = GENERATORS[name];
  const explicitSeed = body.seed ?? null;
  const seed = explicitSeed ?? randomInt(0, 2 ** 31);
  const ids: string[] = [];
  const preview: GenerateTracesResponse["preview"] = [];
  let batch: TraceRecord[] = [];
  let created = 0;
  const flush = async () => {
    await insertTraceRecords(deps, batch);
    created += batch.length;
    batch = [];
    onProgress?.(created);
  };
  for (let k = 0; k < body.count; k++) {
    const record = toTraceRecord(gen.make(seed, body.start_index + k, body.options, explicitSeed));
    if (body.count <= GENERATOR_IDS_MAX) ids.push(record.id);
    if (preview.length < 3) {
      preview.push({
        trace_id: record.id,
        prompt: record.payload.prompt,
        final_answer: record.payload.final_answer,
        meta: record.payload.meta ?? null,
      });
    }
    batch.push(record);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  return {
    generator: name,
    seed,
    start_index: body.start_index,
    created_count: created,
    trace_ids: body.count <= GENERATOR_IDS_MAX ? ids : null,
    preview,
  };
}
