import { z } from "zod";

// What a training run is asked to do, resolved: stored as the run's `config`, read back by retry,
// and written to run.json for the trainer. Field descriptions here are the trainer contract's
// documentation (docs/trainer-contract.md is checked against them by a test).

export const ResponseStyle = z.enum(["numbered", "tagged"]);
export type ResponseStyle = z.infer<typeof ResponseStyle>;

const label = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:=-]+$/, "letters, digits and _ . : = - only");

/** Hyperparameters a request may set, with the defaults a run gets when it does not. */
export const trainSettings = {
  num_epochs: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe("epochs over data.train; ignored when max_steps is set (1 when neither is)"),
  max_steps: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .optional()
    .describe("optimizer steps; wins over num_epochs"),
  batch_size: z.number().int().min(1).max(4096).default(8).describe("rows per optimizer step"),
  max_seq_length: z
    .number()
    .int()
    .min(16)
    .max(131_072)
    .default(2048)
    .describe("longest sequence in tokens; longer examples are cut at the end of the completion"),
  warmup_steps: z.number().int().min(0).max(1_000_000).default(0).describe("linear warmup steps"),
  weight_decay: z.number().min(0).max(1).default(0).describe("AdamW decoupled weight decay"),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0)
    .describe("initialisation and data order"),
  eval_every_steps: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .optional()
    .describe("evaluate on data.val every N steps (and at the end)"),
  save_every_steps: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .optional()
    .describe("a checkpoint every N steps (always one at the end and on SIGTERM)"),
  trainer_options: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("free-form options for the trainer, passed through"),
  response_style: ResponseStyle.default("numbered").describe(
    "how the reasoning is rendered in completions: numbered `Reasoning:`/`Answer:` or `<reasoning>`/`<answer>` tags",
  ),
  system_instruction: z
    .string()
    .max(10_000)
    .optional()
    .describe("prepended to the user turn when the data was rendered"),
};

/** How a run is queued: the engine's settings, not the trainer's. */
export const queueSettings = {
  timeout_seconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .nullable()
    .optional()
    .describe("the run is stopped (status timeout) after this long"),
  labels: z.array(label).max(16).default([]).describe("only workers offering every label take the run"),
  priority: z.number().int().min(-1000).max(1000).default(0).describe("higher runs are claimed first"),
  max_attempts: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(1)
    .describe("a run whose worker is lost is requeued until it has had this many attempts"),
};

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
  dataset: DatasetRef.describe("the immutable dataset version the data was rendered from"),
  resume_from: CheckpointRef.nullable().default(null).describe("the checkpoint this run continues from"),
});
export type TrainRunConfig = z.infer<typeof TrainRunConfig>;
export type TrainRunConfigInput = z.input<typeof TrainRunConfig>;

/** Any run's config; the engine reads only `kind`, the executor of that kind the rest. */
export const RunConfig = TrainRunConfig;
export type RunConfig = z.infer<typeof RunConfig>;

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
      timeout_seconds: z.number().int().min(1).nullable().describe("the worker stops the run after this long"),
    })
    .describe("limits the worker enforces"),
});
export type RunFile = z.infer<typeof RunFile>;
