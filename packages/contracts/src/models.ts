import { z } from "zod";
import { noNulText } from "./traces.js";

export const ModelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "letters, digits, . _ - (1–128)");
export const AliasName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, "lower-case letters, digits, _ - (1–64)");

export const PromoteModelBody = z
  .object({
    run_id: z.string().min(1).max(64),
    /** final (default), best, or a step. */
    checkpoint: z.string().min(1).max(64).default("final"),
    description: noNulText().max(2000).optional(),
    /** Aliases to point at the version (moved from wherever they pointed). */
    aliases: z.array(AliasName).max(8).default([]),
  })
  .strict();
export type PromoteModelBody = z.infer<typeof PromoteModelBody>;
export type PromoteModelBodyInput = z.input<typeof PromoteModelBody>;

const interval = z.tuple([z.number(), z.number()]);

/** What a version came from and how it scored when it was promoted. */
export const ModelLineage = z.object({
  run: z.object({
    id: z.string(),
    name: z.string().nullable(),
    trainer: z.string(),
    model_id: z.string(),
    completed_at: z.string().nullable(),
  }),
  dataset: z.object({ key: z.string(), content_hash: z.string().nullable() }),
  config: z.record(z.string(), z.unknown()),
  evaluations: z.array(
    z.object({
      evaluation_id: z.string(),
      eval_set: z.string(),
      accuracy: z.number(),
      ci95: interval,
      n: z.number().int(),
      contaminated_items: z.number().int().nullable(),
      evaluated_at: z.string(),
    }),
  ),
});
export type ModelLineage = z.infer<typeof ModelLineage>;

export const ModelVersion = z.object({
  name: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  size_bytes: z.number(),
  file_count: z.number().int(),
  run_id: z.string(),
  checkpoint: z.string(),
  step: z.number().int().nullable(),
  description: z.string().nullable(),
  aliases: z.array(z.string()),
  lineage: ModelLineage,
  created_at: z.string(),
  /** `model:<name>@<version>`: how the gate, leaderboard and evaluations name it. */
  ref: z.string(),
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export const PromoteModelResponse = ModelVersion.extend({
  /** false when the same content was already a version of this model (that version is returned). */
  created: z.boolean(),
});
export type PromoteModelResponse = z.infer<typeof PromoteModelResponse>;

export const ModelSummary = z.object({
  name: z.string(),
  version_count: z.number().int(),
  latest: ModelVersion,
  aliases: z.record(z.string(), z.number().int()),
});
export type ModelSummary = z.infer<typeof ModelSummary>;
export const ListModelsResponse = z.object({ data: z.array(ModelSummary) });
export type ListModelsResponse = z.infer<typeof ListModelsResponse>;

export const ModelDetail = z.object({
  name: z.string(),
  aliases: z.record(z.string(), z.number().int()),
  /** Newest first. */
  versions: z.array(ModelVersion),
});
export type ModelDetail = z.infer<typeof ModelDetail>;

export const SetAliasBody = z.object({ version: z.number().int().min(1) }).strict();

/** "Promote best": the best model on an eval set by a named figure, with the evidence, promoted only when asked. */
export const PromoteBestBody = z
  .object({
    eval_set: z.string().min(1).max(256),
    metric: z.enum(["accuracy", "format_rate"]).default("accuracy"),
    dataset: z.string().max(256).optional(),
    trainer: z.string().max(64).optional(),
    label: z.string().max(64).optional(),
    /** false (default): only show what would be promoted and why. */
    promote: z.boolean().default(false),
    description: noNulText().max(2000).optional(),
    aliases: z.array(AliasName).max(8).default([]),
  })
  .strict();
export type PromoteBestBody = z.infer<typeof PromoteBestBody>;
export type PromoteBestBodyInput = z.input<typeof PromoteBestBody>;

export const PromoteBestResponse = z.object({
  eval_set: z.string(),
  metric: z.enum(["accuracy", "format_rate"]),
  best: z.object({
    model: z.string(),
    run_id: z.string(),
    checkpoint: z.string(),
    evaluation_id: z.string(),
    value: z.number(),
    accuracy: z.number(),
    ci95: interval,
    n: z.number().int(),
    contaminated_items: z.number().int().nullable(),
  }),
  /** The next best, and whether the best is ahead of it beyond noise (paired test on the same items). */
  runner_up: z
    .object({
      model: z.string(),
      evaluation_id: z.string(),
      value: z.number(),
      difference: z.number(),
      ci95: interval,
      mcnemar_p: z.number(),
      conclusion: z.enum(["candidate_better", "candidate_worse", "no_difference_shown"]),
    })
    .nullable(),
  promoted: PromoteModelResponse.nullable(),
});
export type PromoteBestResponse = z.infer<typeof PromoteBestResponse>;
