import type { SubmitRunBodyInput } from "@tunix-rt/contracts";
import { trainerPreset } from "@tunix-rt/contracts/trainer-presets";

/** The submit form as the inputs hold it: plain strings, "" meaning "not set". */
export interface RunForm {
  /** A person's name for the run; "" for none. */
  name: string;
  dataset_key: string;
  model_id: string;
  trainer: string;
  learning_rate: string;
  /** Train for a number of epochs, or stop after a number of steps. */
  schedule: "epochs" | "steps";
  num_epochs: string;
  max_steps: string;
  batch_size: string;
  max_seq_length: string;
  warmup_steps: string;
  weight_decay: string;
  seed: string;
  eval_every_steps: string;
  save_every_steps: string;
  /** A JSON object passed to the trainer as is. */
  trainer_options: string;
  response_style: "numbered" | "tagged";
  system_instruction: string;
  timeout_seconds: string;
  /** Worker routing labels, separated by commas or spaces. */
  labels: string;
  priority: string;
  max_attempts: string;
  resume_from: string;
  /** Eval set keys every saved checkpoint is evaluated on, comma-separated. */
  eval_sets: string;
  best_metric: "accuracy" | "format_rate";
}

/**
 * The contract's defaults (packages/contracts/src/runs.ts), so the form shows what the server
 * would use. Model and learning rate start empty: the server then takes the chosen trainer's
 * preset (the inputs show it as their placeholder).
 */
export const DEFAULT_RUN_FORM: RunForm = {
  name: "",
  dataset_key: "",
  model_id: "",
  trainer: "",
  learning_rate: "",
  schedule: "epochs",
  num_epochs: "1",
  max_steps: "",
  batch_size: "8",
  max_seq_length: "2048",
  warmup_steps: "0",
  weight_decay: "0",
  seed: "0",
  eval_every_steps: "",
  save_every_steps: "",
  trainer_options: "{}",
  response_style: "numbered",
  system_instruction: "",
  timeout_seconds: "",
  labels: "",
  priority: "0",
  max_attempts: "1",
  resume_from: "",
  eval_sets: "",
  best_metric: "accuracy",
};

export type RunFormField = keyof RunForm;
export type FieldErrors = Partial<Record<RunFormField, string>>;

export interface NumberRule {
  int: boolean;
  min: number;
  max: number;
  /** `min` itself is not allowed (learning_rate > 0). */
  exclusiveMin?: boolean;
  optional?: boolean;
}

export type NumberField =
  | "learning_rate"
  | "num_epochs"
  | "max_steps"
  | "batch_size"
  | "max_seq_length"
  | "warmup_steps"
  | "weight_decay"
  | "seed"
  | "eval_every_steps"
  | "save_every_steps"
  | "timeout_seconds"
  | "priority"
  | "max_attempts";

/** The numeric bounds of SubmitRunBody, restated for the inputs' min/max and for messages. */
export const NUMBER_RULES: Record<NumberField, NumberRule> = {
  learning_rate: { int: false, min: 0, max: 1, exclusiveMin: true, optional: true },
  num_epochs: { int: true, min: 1, max: 1000 },
  max_steps: { int: true, min: 1, max: 10_000_000 },
  batch_size: { int: true, min: 1, max: 4096 },
  max_seq_length: { int: true, min: 16, max: 131_072 },
  warmup_steps: { int: true, min: 0, max: 1_000_000 },
  weight_decay: { int: false, min: 0, max: 1 },
  seed: { int: true, min: 0, max: 2 ** 31 - 1 },
  eval_every_steps: { int: true, min: 1, max: 10_000_000, optional: true },
  save_every_steps: { int: true, min: 1, max: 10_000_000, optional: true },
  timeout_seconds: { int: true, min: 1, max: 30 * 24 * 3600, optional: true },
  priority: { int: true, min: -1000, max: 1000 },
  max_attempts: { int: true, min: 1, max: 10 },
};
const isNumberField = (key: string): key is NumberField => key in NUMBER_RULES;

const LABEL = /^[A-Za-z0-9_.:=-]+$/;
const RESUME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\/checkpoints\/\d+)?\/?$/i;

/** The number typed in a field, or the message that says why it is not acceptable. */
export function checkNumber(text: string, rule: NumberRule): { value?: number; error?: string } {
  const t = text.trim();
  if (t === "") return rule.optional ? {} : { error: "required" };
  const n = Number(t);
  if (!Number.isFinite(n)) return { error: "must be a number" };
  if (rule.int && !Number.isInteger(n)) return { error: "must be a whole number" };
  if (rule.exclusiveMin ? n <= rule.min : n < rule.min)
    return { error: `must be ${rule.exclusiveMin ? "greater than" : "at least"} ${rule.min}` };
  if (n > rule.max) return { error: `must be at most ${rule.max.toLocaleString("en-US")}` };
  return { value: n };
}

export function parseLabels(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** trainer_options must be a JSON object; empty means {}. */
export function parseTrainerOptions(text: string): { value?: Record<string, unknown>; error?: string } {
  if (text.trim() === "") return { value: {} };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON (${(err as Error).message})` };
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) return { error: "must be a JSON object" };
  return { value: v as Record<string, unknown> };
}

/**
 * The request body for a form, or every field that is wrong: the same rules as the server's
 * SubmitRunBody, so a mistake is shown beside its input before anything is sent. `dry_run` is
 * always explicit (the server defaults to a dry run).
 */
export function runBody(
  form: RunForm,
  dryRun: boolean,
): { body: SubmitRunBodyInput; errors: null } | { body: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const numbers: Partial<Record<NumberField, number>> = {};
  const scheduleField = form.schedule === "epochs" ? "num_epochs" : "max_steps";
  for (const [field, rule] of Object.entries(NUMBER_RULES) as [NumberField, NumberRule][]) {
    if ((field === "num_epochs" || field === "max_steps") && field !== scheduleField) continue;
    const r = checkNumber(form[field], rule);
    if (r.error) errors[field] = r.error;
    else if (r.value !== undefined) numbers[field] = r.value;
  }
  const datasetKey = form.dataset_key.trim();
  if (!datasetKey) errors.dataset_key = "pick a dataset";
  const modelId = form.model_id.trim();
  const trainer = form.trainer.trim();
  if (!modelId && trainer && !trainerPreset(trainer))
    errors.model_id = `required: trainer ${trainer} has no default model`;
  else if (modelId.length > 256) errors.model_id = "at most 256 characters";
  const name = form.name.trim();
  if (name.length > 200) errors.name = "at most 200 characters";
  if (!trainer) errors.trainer = "pick a trainer";
  else if (trainer.length > 64) errors.trainer = "at most 64 characters";
  const options = parseTrainerOptions(form.trainer_options);
  if (options.error) errors.trainer_options = options.error;
  const labels = parseLabels(form.labels);
  const badLabel = labels.find((l) => l.length > 64 || !LABEL.test(l));
  if (labels.length > 16) errors.labels = "at most 16 labels";
  else if (badLabel) errors.labels = `"${badLabel}": letters, digits and _ . : = - only (64 at most)`;
  if (form.system_instruction.length > 10_000) errors.system_instruction = "at most 10,000 characters";
  const resume = form.resume_from.trim();
  if (resume && !RESUME.test(resume)) errors.resume_from = "a run id, or <run id>/checkpoints/<step>";

  if (Object.keys(errors).length > 0) return { body: null, errors };
  const body: SubmitRunBodyInput = {
    dataset_key: datasetKey,
    ...(modelId ? { model_id: modelId } : {}),
    trainer,
    ...numbers,
    trainer_options: options.value ?? {},
    response_style: form.response_style,
    labels,
    dry_run: dryRun,
  };
  if (name) body.name = name;
  if (form.system_instruction.trim()) body.system_instruction = form.system_instruction;
  if (resume) body.resume_from = resume;
  const evalSets = parseEvalSets(form.eval_sets);
  if (evalSets.length) {
    body.eval_sets = evalSets;
    body.best_metric = form.best_metric;
  }
  return { body, errors: null };
}

const str = (v: unknown) => (typeof v === "number" ? String(v) : typeof v === "string" ? v : undefined);

/**
 * A form filled from a run's resolved config, to submit it again with changes. `resume_from` is
 * left out: the server stores it resolved ({run_id, checkpoint}); the run page offers resuming.
 */
export function formFromConfig(config: Record<string, unknown>): RunForm {
  const form: RunForm = { ...DEFAULT_RUN_FORM };
  for (const key of Object.keys(DEFAULT_RUN_FORM) as RunFormField[]) {
    if (key === "schedule" || key === "resume_from") continue;
    const v = config[key];
    if (key === "trainer_options") form.trainer_options = JSON.stringify(v ?? {}, null, 2);
    else if (key === "labels") form.labels = Array.isArray(v) ? v.join(", ") : "";
    else if (key === "response_style") form.response_style = v === "tagged" ? "tagged" : "numbered";
    else if (key === "eval_sets")
      form.eval_sets = Array.isArray(v)
        ? v
            .map((s) => (s as { key?: string }).key ?? "")
            .filter(Boolean)
            .join(",")
        : "";
    else if (key === "best_metric") form.best_metric = v === "format_rate" ? "format_rate" : "accuracy";
    else {
      const s = str(v);
      // An unset optional field ("" in the form) stays empty; a required one keeps its default.
      if (s !== undefined) form[key] = s;
      else if (v === null || (isNumberField(key) && NUMBER_RULES[key].optional)) form[key] = "";
    }
  }
  if (str(config.max_steps) && !str(config.num_epochs)) form.schedule = "steps";
  return form;
}

/** The eval set keys of the form's comma-separated list. */
export const parseEvalSets = (s: string) =>
  s
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean);
