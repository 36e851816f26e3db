import { z } from "zod";
import { noNulText } from "./traces.js";

const interval = z.tuple([z.number(), z.number()]);
const ModelRefText = noNulText().min(1).max(400);
const MaxDrop = z.number().min(0).max(1);

/**
 * Pin a baseline: a model on an eval set. The seed's body `{name, run_id, metric}` still works: the
 * run's final checkpoint, on the eval set of its latest evaluation (the metric is accuracy).
 */
export const PutBaselineBody = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, "letters, digits, . _ - (1–128)"),
    model: ModelRefText.optional(),
    eval_set: z.string().min(1).max(256).optional(),
    max_drop: MaxDrop.optional(),
    run_id: z.string().max(64).optional(),
    metric: z.enum(["accuracy", "answer_correctness", "score"]).optional(),
  })
  .strict()
  .refine((b) => b.model !== undefined || b.run_id !== undefined, {
    message: "give the model (or the seed's run_id)",
    path: ["model"],
  });
export type PutBaselineBody = z.infer<typeof PutBaselineBody>;

export const Baseline = z.object({
  name: z.string(),
  model: z.string(),
  model_key: z.string(),
  eval_set: z.string(),
  max_drop: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Baseline = z.infer<typeof Baseline>;
export const ListBaselinesResponse = z.object({ data: z.array(Baseline) });

/** Gate a candidate against a baseline. The seed's `{run_id, baseline_name}` still works. */
export const GateCheckBody = z
  .object({
    baseline_name: z.string().min(1).max(128),
    candidate: ModelRefText.optional(),
    run_id: z.string().max(64).optional(),
    /** Overrides the baseline's allowed drop for this check. */
    max_drop: MaxDrop.optional(),
    /** Pass only when the interval shows the drop is within the allowance; otherwise undecided. */
    require_evidence: z.boolean().default(false),
  })
  .strict()
  .refine((b) => b.candidate !== undefined || b.run_id !== undefined, {
    message: "give the candidate model (or the seed's run_id)",
    path: ["candidate"],
  });
export type GateCheckBody = z.infer<typeof GateCheckBody>;

const GateSide = z.object({
  model: z.string(),
  evaluation_id: z.string().nullable(),
  accuracy: z.number().nullable(),
  n: z.number().int().nullable(),
  ci95: interval.nullable(),
  contaminated_items: z.number().int().nullable(),
});

export const GateResult = z.object({
  verdict: z.enum(["pass", "fail", "undecided"]),
  /** Why, in a sentence, with the numbers. */
  reason: z.string(),
  baseline_name: z.string(),
  eval_set: z.string(),
  max_drop: z.number(),
  baseline: GateSide,
  candidate: GateSide,
  /** candidate − baseline accuracy, its paired 95% interval, and the evidence behind it. */
  difference: z.number().nullable(),
  ci95: interval.nullable(),
  bootstrap_ci95: interval.nullable(),
  mcnemar_p: z.number().nullable(),
  flips: z.object({ improved: z.number().int(), regressed: z.number().int() }).nullable(),
  // The seed's result fields, for its scripts.
  metric_name: z.literal("accuracy"),
  baseline_value: z.number().nullable(),
  current_value: z.number().nullable(),
  delta: z.number().nullable(),
});
export type GateResult = z.infer<typeof GateResult>;
