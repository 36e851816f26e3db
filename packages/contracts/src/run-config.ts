import { z } from "zod";
import { EvalSetRef } from "./evals.js";
import { queueSettings, trainSettings } from "./run-settings.js";

// What a training run is asked to do, resolved: stored as the run's `config`, read back by retry,
// and written to run.json for the trainer. Field descriptions here are the trainer contract's
// documentation (docs/trainer-contract.md is checked against them by a test).

export const DatasetRef = z.object({
  key: z.string().describe("dataset key (name-version)"),
  build_id: z.string().describe("the immutable dataset version's id"),
  content_hash: z.string().describe("sha256 of the version's members"),
  split_counts: z.record(z.string(), z.number()).describe("examples per split"),
});
export type DatasetRef = z.infer<typeof DatasetRef>;

/** A checkpoint of another run, by id: never a path a request chose. */
export const CheckpointRef = z.object({
  run_id: z.string().describe("the run whose checkpoint it is"),
  checkpoint: z.string().nullable().describe("checkpoints/<step>, or null for that run's latest"),
});
export type CheckpointRef = z.infer<typeof CheckpointRef>;

/**
 * What the engine reads of any run's config (queueing, claiming, limits); each kind's executor
 * reads the rest. A kind a worker registers (tests do) is stored with this much checked.
 */
export const EngineRunConfig = z.looseObject({
  kind: z.string().min(1).max(32),
  dataset_key: z.string(),
  trainer: z.string(),
  model_id: z.string(),
  ...queueSettings,
});
export type EngineRunConfig = z.infer<typeof EngineRunConfig>;

/** The resolved config of a training run (preset values filled in), as stored with the run. */
export const TrainRunConfig = z.object({
  kind: z.literal("train").default("train").describe("what the run executes"),
  dataset_key: z.string().describe("the dataset version trained on"),
  trainer: z.string().describe("trainer backend (jax, tunix, or a registered one)"),
  model_id: z.string().describe("model to train: jax `micro`/`tiny`/`small`/`base`; tunix a Gemma name"),
  learning_rate: z.number().gt(0).max(1).describe("AdamW peak learning rate"),
  ...trainSettings,
  ...queueSettings,
  device: z
    .enum(["cpu", "cuda", "auto"])
    .optional()
    .describe("seed field, kept; the trainer picks its device"),
  eval_sets: z
    .array(EvalSetRef)
    .max(4)
    .default([])
    .describe("eval sets each saved checkpoint is evaluated on (by the worker; trainers ignore it)"),
  best_metric: z
    .enum(["accuracy", "format_rate"])
    .default("accuracy")
    .describe("what makes a checkpoint the run's best, on the first eval set"),
  dataset: DatasetRef.describe("the immutable dataset version the data was rendered from"),
  resume_from: CheckpointRef.nullable().default(null).describe("the checkpoint this run continues from"),
});
export type TrainRunConfig = z.infer<typeof TrainRunConfig>;
export type TrainRunConfigInput = z.input<typeof TrainRunConfig>;

/** run.json: the config plus what the worker adds for this attempt. */
export const RunFile = TrainRunConfig.extend({
  run_id: z.string().describe("the run's id"),
  attempt: z.number().int().min(1).describe("1 for the first attempt; more after a requeue"),
  data: z
    .object({
      train: z.string().describe("path of the training examples, relative to the run directory"),
      val: z.string().nullable().describe("validation examples, or null"),
      test: z.string().nullable().describe("test examples, or null"),
      counts: z.record(z.string(), z.number()).describe("examples written per split"),
    })
    .describe('{"id", "prompt", "completion"} JSONL files'),
  resume_from_path: z.string().nullable().describe("absolute checkpoint folder to resume from, or null"),
  limits: z
    .object({
      timeout_seconds: z
        .number()
        .int()
        .min(1)
        .nullable()
        .describe("the worker stops the run after this long"),
    })
    .describe("limits the worker enforces"),
});
export type RunFile = z.infer<typeof RunFile>;
