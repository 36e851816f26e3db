import { z } from "zod";

// The settings a run request shares with the resolved configs of every kind, with their defaults.

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
