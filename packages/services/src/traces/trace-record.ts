import { createHash } from "node:crypto";
import type { ReasoningTrace } from "@tunix-rt/contracts";
import { newId } from "../ids.js";

/** A validated trace plus the derived columns stored beside its payload. */
export interface TraceRecord {
  id: string;
  createdAt: string;
  traceVersion: string;
  payload: ReasoningTrace;
  source: string | null;
  stepCount: number;
  contentHash: string;
}

/** JSON with object keys sorted at every depth, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

export function traceContentHash(payload: ReasoningTrace): string {
  return createHash("sha256").update(canonicalJson(payload)).digest("hex");
}

/**
 * Builds the stored record from a validated trace. Unknown keys are already stripped by the
 * schema (as the seed's Pydantic model did) and an absent `meta` is stored as null, like the seed.
 */
export function toTraceRecord(trace: ReasoningTrace, now = new Date()): TraceRecord {
  const payload: ReasoningTrace = {
    trace_version: trace.trace_version,
    prompt: trace.prompt,
    final_answer: trace.final_answer,
    steps: trace.steps.map((s) => ({ i: s.i, type: s.type, content: s.content })),
    meta: trace.meta ?? null,
  };
  const source = payload.meta && typeof payload.meta.source === "string" ? payload.meta.source : null;
  return {
    id: newId(),
    createdAt: now.toISOString(),
    traceVersion: payload.trace_version,
    payload,
    source,
    stepCount: payload.steps.length,
    contentHash: traceContentHash(payload),
  };
}
