import { z } from "zod";
import { PageInfo, Uuid } from "./common.js";
import { noNulText } from "./traces.js";

export const DATASET_LIMIT_MAX = 100_000;
export const SPLITS = ["train", "val", "test"] as const;
export const SplitName = z.enum(SPLITS);
export type SplitName = z.infer<typeof SplitName>;

const isoDate = z.string().refine((s) => {
  const t = Date.parse(s);
  return !Number.isNaN(t) && new Date(t).getUTCFullYear() >= 1 && new Date(t).getUTCFullYear() <= 9999;
}, "must be an ISO 8601 date-time between years 1 and 9999");

/** Fractions of the selection for val and test; the rest is train. */
export const SplitSpec = z
  .object({
    val: z.number().min(0).max(1).default(0),
    test: z.number().min(0).max(1).default(0),
    /** Changing the seed reshuffles the assignment; keep it to keep each trace in its split. */
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  })
  .strict()
  .refine((s) => s.val + s.test <= 1, { message: "val + test must be at most 1", path: ["val"] });
export type SplitSpec = z.infer<typeof SplitSpec>;

/** The seed's DatasetBuildRequest (same fields and limits, `limit` raised) plus richer filters. */
const BuildDatasetFields = z
  .object({
    dataset_name: noNulText().min(1).max(128),
    dataset_version: noNulText().min(1).max(64),
    /** Seed semantics: exact equality on payload.meta[key], every key must match. */
    filters: z.record(z.string().min(1).max(128), z.unknown()).default({}),
    limit: z.number().int().min(1).max(DATASET_LIMIT_MAX).default(100),
    selection_strategy: z.enum(["latest", "random"]).default("latest"),
    /**
     * One trace per distinct prompt text (the earliest stored): repeated problems neither weigh
     * more in training nor land in two splits at once.
     */
    distinct_prompts: z.boolean().default(false),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
    session_id: z.string().max(128).nullable().optional(),
    parent_dataset_id: z.string().max(256).nullable().optional(),
    training_run_id: z.string().max(128).nullable().optional(),
    source: noNulText().max(256).optional(),
    q: noNulText().max(500).optional(),
    created_after: isoDate.optional(),
    created_before: isoDate.optional(),
    score_criteria: noNulText().max(64).default("baseline"),
    min_score: z.number().optional(),
    max_score: z.number().optional(),
    split: SplitSpec.optional(),
    /**
     * Exactly these traces (they must all be stored); other filters still apply on top. Without
     * an explicit `limit`, the limit is the number of ids.
     */
    trace_ids: z.array(Uuid).min(1).max(DATASET_LIMIT_MAX).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.selection_strategy === "random" && (b.seed === undefined || b.seed === null)) {
      ctx.addIssue({
        code: "custom",
        path: ["seed"],
        message: "Random selection strategy requires a seed for reproducibility",
      });
    }
  });

/** An id list without a limit builds all of them, not the first 100. */
const limitFromIds = (v: unknown) =>
  v && typeof v === "object" && !Array.isArray(v) && "trace_ids" in v && !("limit" in v)
    ? { ...v, limit: Array.isArray(v.trace_ids) ? Math.max(1, v.trace_ids.length) : undefined }
    : v;
export const BuildDatasetBody = z.preprocess(limitFromIds, BuildDatasetFields);
export type BuildDatasetBody = z.infer<typeof BuildDatasetFields>;

/** A preview needs no name, version or seed: only the filters and the limit matter. */
export const PreviewDatasetBody = z.preprocess(
  (v) => ({
    dataset_name: "preview",
    dataset_version: "preview",
    ...(v && typeof v === "object" && !Array.isArray(v) ? v : {}),
    selection_strategy: "latest",
  }),
  BuildDatasetBody,
);
export type BuildDatasetBodyInput = z.input<typeof BuildDatasetFields>;

export const BuildDatasetResponse = z.object({
  dataset_key: z.string(),
  build_id: z.string(),
  trace_count: z.number().int(),
  split_counts: z.record(z.string(), z.number().int()),
  content_hash: z.string(),
  /** Where the full seed-format manifest (with trace_ids) can be read. */
  manifest_path: z.string(),
});
export type BuildDatasetResponse = z.infer<typeof BuildDatasetResponse>;

export const PreviewDatasetResponse = z.object({
  matching_count: z.number().int(),
  selected_count: z.number().int(),
});
export type PreviewDatasetResponse = z.infer<typeof PreviewDatasetResponse>;

export const DatasetStats = z.object({
  trace_count: z.number().int(),
  avg_step_count: z.number(),
  min_step_count: z.number().int(),
  max_step_count: z.number().int(),
  avg_total_chars: z.number(),
  total_steps: z.number().int(),
  total_chars: z.number().int(),
});
export type DatasetStats = z.infer<typeof DatasetStats>;

export const DatasetSummary = z.object({
  dataset_key: z.string(),
  build_id: z.string(),
  dataset_name: z.string(),
  dataset_version: z.string(),
  created_at: z.string(),
  trace_count: z.number().int(),
  split_counts: z.record(z.string(), z.number().int()),
  content_hash: z.string(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const DatasetDetail = DatasetSummary.extend({
  dataset_schema_version: z.string(),
  filters: z.record(z.string(), z.unknown()),
  selection_strategy: z.string(),
  seed: z.number().int().nullable(),
  request: z.record(z.string(), z.unknown()),
  stats: DatasetStats,
  session_id: z.string().nullable(),
  parent_dataset_id: z.string().nullable(),
  training_run_id: z.string().nullable(),
});
export type DatasetDetail = z.infer<typeof DatasetDetail>;

export const ListDatasetsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
  name: noNulText().max(128).optional(),
});
export type ListDatasetsQuery = z.infer<typeof ListDatasetsQuery>;
export const ListDatasetsResponse = z.object({ data: z.array(DatasetSummary), pagination: PageInfo });
export type ListDatasetsResponse = z.infer<typeof ListDatasetsResponse>;

export const ExportFormatName = z.enum(["trace", "tunix_sft", "training_example", "chat"]);
export const ResponseStyleName = z.enum(["numbered", "tagged"]);
export const ExportDatasetQuery = z.object({
  format: ExportFormatName.default("trace"),
  split: SplitName.optional(),
  response_style: ResponseStyleName.default("numbered"),
  system_instruction: noNulText().max(10_000).optional(),
});
export type ExportDatasetQuery = z.infer<typeof ExportDatasetQuery>;
