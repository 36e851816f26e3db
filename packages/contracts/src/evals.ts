import { z } from "zod";
import { PageInfo } from "./common.js";
import { GenerateTracesBody, GeneratorName } from "./generators.js";
import { queueSettings, ResponseStyle } from "./run-settings.js";
import { noNulText } from "./traces.js";

/** Where an answer is looked for in a model's output, in this order unless an eval set says otherwise. */
export const EXTRACTION_METHODS = ["tagged", "answer_line", "last_number"] as const;
export const ExtractionMethod = z.enum(EXTRACTION_METHODS);
export type ExtractionMethod = z.infer<typeof ExtractionMethod>;

export const EVAL_SET_MAX_ITEMS = 100_000;
/** The judge every evaluation is scored by: answers extracted and compared, no model involved. */
export const EVAL_JUDGE = { name: "answer_correctness", version: "2" } as const;

const extractionList = z
  .array(ExtractionMethod)
  .min(1)
  .max(3)
  .refine((a) => new Set(a).size === a.length, "each method at most once");
const extraction = extractionList.default([...EXTRACTION_METHODS]);

/** One line of an eval set file: the seed's format (`training/evalsets/eval_v1.jsonl`); other keys are ignored. */
export const EvalItemInput = z.object({
  id: noNulText().min(1).max(256),
  prompt: noNulText().min(1).max(100_000),
  expected_answer: z.union([noNulText().min(1).max(10_000), z.number().transform(String)]),
  category: noNulText().max(128).nullable().optional(),
  difficulty: z
    .union([noNulText().max(64), z.number().transform(String)])
    .nullable()
    .optional(),
});
export type EvalItemInput = z.infer<typeof EvalItemInput>;

const setName = {
  name: noNulText().min(1).max(128),
  version: noNulText().min(1).max(64),
  description: noNulText().max(2000).optional(),
  extraction,
};

/** `POST /api/evals/sets/import?name=&version=` takes NDJSON of EvalItemInput; these are its query fields. */
export const ImportEvalSetQuery = z.object({
  ...setName,
  extraction: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").map((x) => x.trim()) : [...EXTRACTION_METHODS]))
    .pipe(extractionList),
});
export type ImportEvalSetQuery = z.infer<typeof ImportEvalSetQuery>;

/** An eval set from a dataset version's split, or from a generator with a dataset held out. */
export const EvalSetSource = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("dataset"),
      dataset_key: z.string().min(1).max(256),
      split: z.enum(["train", "val", "test"]).default("test"),
    })
    .strict(),
  z
    .object({
      kind: z.literal("generator"),
      generator: GeneratorName,
      count: z.number().int().min(1).max(10_000),
      seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
      options: GenerateTracesBody.shape.options,
      /** Every problem whose normalised prompt is in this dataset version is skipped: held out. */
      exclude_dataset: z.string().min(1).max(256).nullable().optional(),
    })
    .strict(),
]);
export type EvalSetSource = z.infer<typeof EvalSetSource>;

export const BuildEvalSetBody = z.object({ ...setName, source: EvalSetSource }).strict();
export type BuildEvalSetBody = z.infer<typeof BuildEvalSetBody>;
export type BuildEvalSetBodyInput = z.input<typeof BuildEvalSetBody>;

export const EvalSetSummary = z.object({
  eval_set_key: z.string(),
  eval_set_id: z.string(),
  name: z.string(),
  version: z.string(),
  description: z.string().nullable(),
  created_at: z.string(),
  item_count: z.number().int(),
  content_hash: z.string(),
  /** {kind: "import"} or the build request's source, with what a generator skipped. */
  source: z.record(z.string(), z.unknown()),
  extraction: z.array(ExtractionMethod),
  stats: z.object({
    categories: z.record(z.string(), z.number()),
    difficulties: z.record(z.string(), z.number()),
  }),
});
export type EvalSetSummary = z.infer<typeof EvalSetSummary>;
export const ListEvalSetsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export const ListEvalSetsResponse = z.object({ data: z.array(EvalSetSummary), pagination: PageInfo });
export type ListEvalSetsResponse = z.infer<typeof ListEvalSetsResponse>;

export const EvalItem = z.object({
  position: z.number().int(),
  id: z.string(),
  prompt: z.string(),
  expected_answer: z.string(),
  category: z.string().nullable(),
  difficulty: z.string().nullable(),
});
export type EvalItem = z.infer<typeof EvalItem>;
export const ListEvalItemsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(32).optional(),
});
export const ListEvalItemsResponse = z.object({ data: z.array(EvalItem), pagination: PageInfo });
export type ListEvalItemsResponse = z.infer<typeof ListEvalItemsResponse>;

/** What is evaluated: a training run's checkpoint, or a base model a trainer can load. */
export const EvalModel = z.union([
  z
    .object({
      run_id: z.string().min(1).max(64),
      /** "final", "best" (by its continuous evaluation), "init" (untrained), "<step>" or "checkpoints/<step>". */
      checkpoint: z.string().min(1).max(64).default("final"),
    })
    .strict(),
  z
    .object({
      trainer: z.string().min(1).max(64),
      model_id: z.string().min(1).max(256),
      trainer_options: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
]);
export type EvalModel = z.infer<typeof EvalModel>;

const generation = {
  max_new_tokens: z.number().int().min(1).max(8192).default(256),
  batch_size: z.number().int().min(1).max(1024).default(32),
  /** The verdict: pass when the whole 95% interval is at or above it, fail when it is below. */
  pass_threshold: z.number().min(0).max(1).default(0.5),
  /**
   * `verifier` (default): answers are checked by extraction and comparison. `llm`: also put to the
   * worker's configured LLM judge (for answers a verifier cannot check), stored apart.
   */
  judge: z.enum(["verifier", "llm"]).default("verifier"),
};

export const SubmitEvalRunBody = z
  .object({
    eval_set: z.string().min(1).max(256),
    model: EvalModel,
    /** Absent: what the model was trained with (its run's response style and system instruction). */
    response_style: ResponseStyle.optional(),
    system_instruction: noNulText().max(10_000).nullable().optional(),
    ...generation,
    ...queueSettings,
  })
  .strict();
export type SubmitEvalRunBody = z.infer<typeof SubmitEvalRunBody>;
export type SubmitEvalRunBodyInput = z.input<typeof SubmitEvalRunBody>;

export const EvalSetRef = z.object({
  key: z.string().describe("eval set key (name-version)"),
  id: z.string().describe("the eval set version's id"),
  content_hash: z.string().describe("sha256 of its items"),
  item_count: z.number().int().describe("items in the set"),
});
export type EvalSetRef = z.infer<typeof EvalSetRef>;

/** The seed's `POST /api/tunix/runs/{id}/evaluate` body, with what an evaluation needs. */
export const EvaluateRunBody = z
  .object({
    /** Absent: the run's dataset's test split (made into an eval set once). */
    eval_set: z.string().min(1).max(256).optional(),
    checkpoint: z.string().min(1).max(64).default("final"),
    /** Seed field: only "answer_correctness" is a judge here. */
    judge_override: z.literal("answer_correctness").optional(),
    ...generation,
  })
  .strict();
export type EvaluateRunBody = z.infer<typeof EvaluateRunBody>;

/** The resolved config of an evaluation run, as stored with it. */
export const EvalRunConfig = z.object({
  kind: z.literal("eval"),
  /** The eval set's key: what lists show where a training run shows its dataset. */
  dataset_key: z.string(),
  trainer: z.string(),
  model_id: z.string(),
  eval_set: EvalSetRef,
  subject: z.object({
    /** The training run whose model is evaluated; null for a base model. */
    run_id: z.string().nullable(),
    /** What predict loads: "init", "checkpoints/<step>", "model" (a run's final export) or "base". */
    checkpoint: z.string(),
    /** What was asked for: "final", "best", "init", a step. */
    requested: z.string(),
    step: z.number().int().nullable(),
  }),
  /** What the trainer needs to rebuild the model (from the training run, or the request). */
  model: z.object({
    seed: z.number().int().default(0),
    max_seq_length: z.number().int().default(2048),
    trainer_options: z.record(z.string(), z.unknown()).default({}),
  }),
  response_style: ResponseStyle,
  system_instruction: z.string().nullable().default(null),
  extraction: z.array(ExtractionMethod),
  ...generation,
  ...queueSettings,
  /** Made by a training run's continuous evaluation (one per saved checkpoint and eval set). */
  continuous: z.boolean().default(false),
});
export type EvalRunConfig = z.infer<typeof EvalRunConfig>;
