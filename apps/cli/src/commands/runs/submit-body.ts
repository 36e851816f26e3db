import type { SubmitRunBodyInput } from "@tunix-rt/contracts";
import { InvalidArgumentError } from "commander";
import { parseMetaValue } from "../datasets/build-body.js";

/** The flags of `runs submit`, as commander hands them over. */
export interface SubmitOptions {
  dataset: string;
  name?: string;
  model?: string;
  trainer?: string;
  learningRate?: number;
  numEpochs?: number;
  maxSteps?: number;
  batchSize?: number;
  maxSeqLength?: number;
  warmupSteps?: number;
  weightDecay?: number;
  seed?: number;
  evalEverySteps?: number;
  saveEverySteps?: number;
  trainerOptions?: Record<string, unknown>;
  option?: Record<string, unknown>;
  style?: "numbered" | "tagged";
  system?: string;
  label?: string[];
  priority?: number;
  timeout?: number | null;
  maxAttempts?: number;
  resumeFrom?: string;
  evalSet?: string[];
  bestMetric?: "accuracy" | "format_rate";
  dryRun?: boolean;
  follow?: boolean;
}

/** A whole number (negative allowed: `--priority -5`); ranges are the server's to check and name. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n))
    throw new InvalidArgumentError("must be a whole number");
  return n;
}

/** `--timeout 3600`, or `none` for no limit even where the server configures a default. */
export function timeoutSeconds(value: string): number | null {
  if (value.trim().toLowerCase() === "none") return null;
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError("must be a whole number of seconds ≥ 1, or none");
  return n;
}

/**
 * Repeatable `--option key=value` into trainer_options: the value is JSON when it parses
 * (`lines=20` is a number, `fast=true` a boolean, `tags=["a","b"]` an array, `name='"7"'` the
 * string "7"), the text as given otherwise. A key given twice is a usage error.
 */
export function collectOption(
  arg: string,
  previous: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const eq = arg.indexOf("=");
  const key = eq <= 0 ? "" : arg.slice(0, eq).trim();
  if (key === "") throw new InvalidArgumentError(`expected key=value, got "${arg}"`);
  const all = { ...previous };
  if (Object.hasOwn(all, key)) throw new InvalidArgumentError(`option "${key}" is given twice`);
  all[key] = parseMetaValue(arg.slice(eq + 1));
  return all;
}

/** Repeatable `--label`. */
export function collectLabel(arg: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), arg];
}

/** `--trainer-options '{"lines": 20}'`: a JSON object. */
export function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new InvalidArgumentError(`must be a JSON object: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new InvalidArgumentError("must be a JSON object, like '{\"lines\": 20}'");
  return parsed as Record<string, unknown>;
}

/**
 * The body of POST /api/tunix/run from the flags. Only what was given is sent, so the server's
 * defaults apply to the rest, except `dry_run`: the API defaults to a dry run (as the seed did),
 * the CLI queues a real run unless --dry-run is given.
 */
export function submitBody(o: SubmitOptions): SubmitRunBodyInput {
  const body: Record<string, unknown> = {
    dataset_key: o.dataset,
    name: o.name,
    model_id: o.model,
    trainer: o.trainer,
    learning_rate: o.learningRate,
    num_epochs: o.numEpochs,
    max_steps: o.maxSteps,
    batch_size: o.batchSize,
    max_seq_length: o.maxSeqLength,
    warmup_steps: o.warmupSteps,
    weight_decay: o.weightDecay,
    seed: o.seed,
    eval_every_steps: o.evalEverySteps,
    save_every_steps: o.saveEverySteps,
    response_style: o.style,
    system_instruction: o.system,
    labels: o.label,
    priority: o.priority,
    timeout_seconds: o.timeout,
    max_attempts: o.maxAttempts,
    resume_from: o.resumeFrom,
    eval_sets: o.evalSet,
    best_metric: o.bestMetric,
    dry_run: o.dryRun === true,
  };
  if (o.trainerOptions || o.option) body.trainer_options = { ...o.trainerOptions, ...o.option };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body as SubmitRunBodyInput;
}
