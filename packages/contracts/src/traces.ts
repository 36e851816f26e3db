import { z } from "zod";
import { PageInfo, Uuid } from "./common.js";

/**
 * Limits mirror the seed's Pydantic ReasoningTrace exactly so its files keep
 * validating. Lengths count Unicode code points, as Python's len() does.
 */
export const TRACE_LIMITS = {
  traceVersionMax: 64,
  promptMax: 50_000,
  finalAnswerMax: 50_000,
  stepsMin: 1,
  stepsMax: 1000,
  stepTypeMax: 64,
  stepContentMax: 20_000,
  batchArrayMax: 1000,
} as const;

const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** A string whose length (in code points, like Python) is within [min, max]. */
/** Postgres text and JSONB cannot hold U+0000, so it is refused up front with a clear reason. */
const NUL_MESSAGE = "must not contain the NUL character (U+0000)";
export const noNulText = () =>
  z.string().superRefine((s, ctx) => {
    const problem = badText(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** An unpaired UTF-16 surrogate: not valid Unicode, and Postgres refuses to store it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SURROGATE_MESSAGE = "must be valid Unicode (it contains an unpaired surrogate)";
const badText = (s: string) =>
  s.includes("\u0000") ? NUL_MESSAGE : LONE_SURROGATE.test(s) ? SURROGATE_MESSAGE : null;

export const META_MAX_DEPTH = 32;

/** The first problem in a meta value: too deep, or a key or string that cannot be stored. */
function metaProblem(value: unknown, depth = 0): string | null {
  if (typeof value === "string") return badText(value);
  if (value === null || typeof value !== "object") return null;
  if (depth >= META_MAX_DEPTH) return `must not nest deeper than ${META_MAX_DEPTH} levels`;
  const entries = Array.isArray(value) ? value.map((v) => ["", v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    const p = badText(k) ?? metaProblem(v, depth + 1);
    if (p) return p;
  }
  return null;
}

export const boundedText = (min: number, max: number) =>
  z.string().superRefine((s, ctx) => {
    const problem = badText(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    // Fast path: a string of n UTF-16 units has between n/2 and n code points.
    if (s.length >= 2 * min - 1 && s.length <= max) return;
    const n = codePoints(s);
    if (n < min)
      ctx.addIssue({ code: "custom", message: `must be at least ${min} character${min === 1 ? "" : "s"}` });
    else if (n > max) ctx.addIssue({ code: "custom", message: `must be at most ${max} characters` });
  });

export const TraceStep = z.object({
  i: z.number().int().min(0),
  type: boundedText(1, TRACE_LIMITS.stepTypeMax),
  content: boundedText(1, TRACE_LIMITS.stepContentMax),
});
export type TraceStep = z.infer<typeof TraceStep>;

export const ReasoningTrace = z
  .object({
    trace_version: boundedText(1, TRACE_LIMITS.traceVersionMax),
    prompt: boundedText(1, TRACE_LIMITS.promptMax),
    final_answer: boundedText(1, TRACE_LIMITS.finalAnswerMax),
    steps: z.array(TraceStep).min(TRACE_LIMITS.stepsMin).max(TRACE_LIMITS.stepsMax),
    meta: z
      .record(z.string(), z.unknown())
      .superRefine((m, ctx) => {
        const problem = metaProblem(m);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .nullable()
      .optional(),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<number>();
    for (const s of t.steps) {
      if (seen.has(s.i)) {
        ctx.addIssue({ code: "custom", path: ["steps"], message: "Step indices must be unique" });
        return;
      }
      seen.add(s.i);
    }
  });
export type ReasoningTrace = z.infer<typeof ReasoningTrace>;

export const CreateTraceResponse = z.object({
  id: Uuid,
  created_at: z.string(),
  trace_version: z.string(),
});
export type CreateTraceResponse = z.infer<typeof CreateTraceResponse>;

/** Seed-compatible response of the JSON-array batch. */
export const CreateTraceBatchResponse = z.object({
  created_count: z.number().int(),
  traces: z.array(CreateTraceResponse),
});
export type CreateTraceBatchResponse = z.infer<typeof CreateTraceBatchResponse>;

export const OnDuplicate = z.enum(["store", "skip"]);
export type OnDuplicate = z.infer<typeof OnDuplicate>;

export const RejectedLine = z.object({
  line: z.number().int(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type RejectedLine = z.infer<typeof RejectedLine>;

/** Response of a streaming NDJSON import. `rejected` lists at most REJECTED_REPORT_MAX lines. */
export const ImportTracesResponse = z.object({
  received_count: z.number().int(),
  created_count: z.number().int(),
  skipped_count: z.number().int(),
  rejected_count: z.number().int(),
  rejected: z.array(RejectedLine),
  rejected_truncated: z.boolean(),
});
export type ImportTracesResponse = z.infer<typeof ImportTracesResponse>;
export const REJECTED_REPORT_MAX = 1000;

export const TraceDetail = z.object({
  id: Uuid,
  created_at: z.string(),
  trace_version: z.string(),
  payload: ReasoningTrace,
});
export type TraceDetail = z.infer<typeof TraceDetail>;

export const TraceSummary = z.object({
  id: Uuid,
  created_at: z.string(),
  trace_version: z.string(),
  prompt_preview: z.string(),
  step_count: z.number().int(),
  source: z.string().nullable(),
  /** Latest score of the list's `score_criteria` (baseline unless asked otherwise). */
  latest_score: z.number().nullable(),
  answer_preview: z.string(),
  /** Latest score under each built-in criteria; null where the trace was never scored so. */
  scores: z.object({ baseline: z.number().nullable(), answer_match: z.number().nullable() }),
});
export type TraceSummary = z.infer<typeof TraceSummary>;

// Postgres timestamps span years 4713 BC–294276 AD; JS dates go further, so keep to 1–9999.
const isoDate = z.string().refine((s) => {
  const t = Date.parse(s);
  if (Number.isNaN(t)) return false;
  const year = new Date(t).getUTCFullYear();
  return year >= 1 && year <= 9999;
}, "must be an ISO 8601 date-time between years 1 and 9999");

/** An empty query value (`?min_score=`, as an HTML form sends it) means "not given", not 0. */
const emptyAsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema);

export const TRACE_SORTS = [
  "-created_at",
  "created_at",
  "-step_count",
  "step_count",
  "-score",
  "score",
  "source",
  "-source",
] as const;
export type TraceSort = (typeof TRACE_SORTS)[number];

export const ListTracesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
  /** The seed's offset paging, kept so its scripts work; prefer `cursor` (deep offsets are slow). */
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  source: noNulText().max(256).optional(),
  trace_version: noNulText().max(64).optional(),
  created_after: isoDate.optional(),
  created_before: isoDate.optional(),
  q: noNulText().max(500).optional(),
  score_criteria: noNulText().max(64).default("baseline"),
  min_score: emptyAsAbsent(z.coerce.number().optional()),
  max_score: emptyAsAbsent(z.coerce.number().optional()),
  /** Column and direction (`-` = descending); unscored traces sort last either way. */
  sort: z.enum(TRACE_SORTS).default("-created_at"),
  /** Count every match into `pagination.total` (a full count of the filtered set). */
  include_total: emptyAsAbsent(
    z
      .enum(["true", "false", "1", "0"])
      .transform((v) => v === "true" || v === "1")
      .optional(),
  ),
});
export type ListTracesQuery = z.infer<typeof ListTracesQuery>;
export type ListTracesQueryInput = z.input<typeof ListTracesQuery>;

export const ListTracesResponse = z.object({
  data: z.array(TraceSummary),
  pagination: PageInfo.extend({
    offset: z.number().int().optional(),
    next_offset: z.number().int().nullable().optional(),
    total: z.number().int().optional(),
  }),
});
export type ListTracesResponse = z.infer<typeof ListTracesResponse>;

/** Most traces one bulk request may name (they are read and written in one go). */
export const BULK_TRACE_IDS_MAX = 1000;
const BulkIds = z.array(z.string().max(64)).min(1).max(BULK_TRACE_IDS_MAX);

export const BulkDeleteTracesBody = z.object({ ids: BulkIds }).strict();
export type BulkDeleteTracesBody = z.infer<typeof BulkDeleteTracesBody>;
export const BulkDeleteTracesResponse = z.object({
  deleted_count: z.number().int(),
  /** Ids that were not stored (already deleted, or never were). */
  not_found: z.array(z.string()),
});
export type BulkDeleteTracesResponse = z.infer<typeof BulkDeleteTracesResponse>;
