import { hash } from "node:crypto";
import { META_MAX_DEPTH, type ReasoningTrace, TRACE_LIMITS } from "@tunix-rt/contracts";
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
  /** `canonicalJson(payload)`, kept so the insert need not serialise the payload again. */
  payloadJson?: string;
}

/** JSON with object keys sorted at every depth, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = "{";
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${out.length > 1 ? "," : ""}${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

// JSON.stringify escapes only these (quote, backslash, controls, lone surrogates); text without
// any of them is quoted as is, which is twice as fast on long strings.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const quote = (s: string) => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

/**
 * `canonicalJson` of a stored payload, written in its known key order (final_answer, meta, prompt,
 * steps[content, i, type], trace_version) instead of sorting: the import's hot path.
 */
function canonicalPayloadJson(p: ReasoningTrace, meta: string): string {
  let steps = "";
  for (let k = 0; k < p.steps.length; k++) {
    const s = p.steps[k]!;
    steps += `${k ? "," : ""}{"content":${quote(s.content)},"i":${JSON.stringify(s.i)},"type":${quote(s.type)}}`;
  }
  return `{"final_answer":${quote(p.final_answer)},"meta":${meta},"prompt":${quote(p.prompt)},"steps":[${steps}],"trace_version":${quote(p.trace_version)}}`;
}

/**
 * `meta` as JSON with its keys in the order the user wrote them (exports give meta back in that
 * order, as the seed did), or undefined when an object or array sits `maxDepth` levels down.
 */
function metaJsonWithin(value: unknown, maxDepth: number, depth = 0): string | undefined {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (depth >= maxDepth) return undefined;
  let out: string;
  if (Array.isArray(value)) {
    out = "[";
    for (let k = 0; k < value.length; k++) {
      const v = metaJsonWithin(value[k], maxDepth, depth + 1);
      if (v === undefined) return undefined;
      out += (k ? "," : "") + v;
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  out = "{";
  for (const key of Object.keys(obj)) {
    if (obj[key] === undefined) continue;
    const v = metaJsonWithin(obj[key], maxDepth, depth + 1);
    if (v === undefined) return undefined;
    out += `${out.length > 1 ? "," : ""}${JSON.stringify(key)}:${v}`;
  }
  return `${out}}`;
}

/**
 * sha256 of the stored JSON text: the trace's own fields in a fixed order, `meta` as written.
 * (Two traces whose meta differs only in key order hash differently; that is the price of giving
 * meta back exactly as it came.)
 */
export function traceContentHash(payload: ReasoningTrace): string {
  return hash("sha256", storedPayloadJson(payload), "hex");
}

/** The JSON text a trace is stored as. */
export function storedPayloadJson(payload: ReasoningTrace): string {
  return canonicalPayloadJson(
    payload,
    payload.meta ? (metaJsonWithin(payload.meta, Number.POSITIVE_INFINITY) ?? "null") : "null",
  );
}

function recordOf(payload: ReasoningTrace, now: Date, metaJson?: string): TraceRecord {
  const source = payload.meta && typeof payload.meta.source === "string" ? payload.meta.source : null;
  const meta =
    metaJson ?? (payload.meta ? (metaJsonWithin(payload.meta, Number.POSITIVE_INFINITY) ?? "null") : "null");
  const payloadJson = canonicalPayloadJson(payload, meta);
  return {
    id: newId(),
    createdAt: now.toISOString(),
    traceVersion: payload.trace_version,
    payload,
    source,
    stepCount: payload.steps.length,
    contentHash: hash("sha256", payloadJson, "hex"),
    payloadJson,
  };
}

/**
 * Builds the stored record from a validated trace. Unknown keys are already stripped by the
 * schema (as the seed's Pydantic model did) and an absent `meta` is stored as null, like the seed.
 */
export function toTraceRecord(trace: ReasoningTrace, now = new Date()): TraceRecord {
  return recordOf(
    {
      trace_version: trace.trace_version,
      prompt: trace.prompt,
      final_answer: trace.final_answer,
      steps: trace.steps.map((s) => ({ i: s.i, type: s.type, content: s.content })),
      meta: trace.meta ?? null,
    },
    now,
  );
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
// UTF-16 length within the bounds proves the code-point length is too (as boundedText's own fast path).
const text = (v: unknown, max: number): v is string =>
  typeof v === "string" && v.length >= 1 && v.length <= max;

/**
 * The record for a freshly JSON.parse'd value that certainly passes `ReasoningTrace`, built
 * without running the schema; `undefined` when anything is unusual, and the caller must then
 * validate with the schema (which also words the errors). Accepts a strict subset of what the
 * schema accepts and yields the same record: keep it in step with contracts' ReasoningTrace.
 */
export function fastTraceRecord(value: unknown, now = new Date()): TraceRecord | undefined {
  if (!isObj(value)) return undefined;
  const { trace_version, prompt, final_answer, steps, meta } = value;
  if (!text(trace_version, TRACE_LIMITS.traceVersionMax) || !text(prompt, TRACE_LIMITS.promptMax))
    return undefined;
  if (!text(final_answer, TRACE_LIMITS.finalAnswerMax) || !Array.isArray(steps)) return undefined;
  if (steps.length < TRACE_LIMITS.stepsMin || steps.length > TRACE_LIMITS.stepsMax) return undefined;
  const out: ReasoningTrace["steps"] = new Array(steps.length);
  const seen = new Set<number>();
  for (let k = 0; k < steps.length; k++) {
    const s: unknown = steps[k];
    if (!isObj(s)) return undefined;
    const { i, type, content } = s;
    if (typeof i !== "number" || !Number.isSafeInteger(i) || i < 0 || seen.has(i)) return undefined;
    if (!text(type, TRACE_LIMITS.stepTypeMax) || !text(content, TRACE_LIMITS.stepContentMax))
      return undefined;
    seen.add(i);
    out[k] = { i, type, content };
  }
  // The schema copies a record key by key and drops "__proto__"; leave that rare case to it.
  if (meta !== undefined && meta !== null && (!isPlain(meta) || Object.hasOwn(meta, "__proto__")))
    return undefined;
  const metaJson = meta ? metaJsonWithin(meta, META_MAX_DEPTH) : "null";
  if (metaJson === undefined) return undefined;
  const record = recordOf(
    { trace_version, prompt, final_answer, steps: out, meta: meta ?? null },
    now,
    metaJson,
  );
  // JSON text has a \u escape only for control characters and unpaired surrogates (the schema
  // refuses NUL and unpaired surrogates anywhere); those lines, and any literal "\\u", take the
  // schema path.
  return record.payloadJson!.includes("\\u") ? undefined : record;
}
