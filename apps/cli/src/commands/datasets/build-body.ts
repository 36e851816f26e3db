import type { BuildDatasetBodyInput } from "@tunix-rt/contracts";
import { InvalidArgumentError } from "commander";

/** The flags of `datasets build` and `datasets preview`, as commander hands them over. */
export interface SelectionOptions {
  source?: string;
  q?: string;
  createdAfter?: string;
  createdBefore?: string;
  criteria?: string;
  minScore?: number;
  maxScore?: number;
  meta?: Record<string, unknown>;
  limit?: number;
  strategy?: "latest" | "random";
  distinctPrompts?: boolean;
  seed?: number;
  val?: number;
  test?: number;
  splitSeed?: number;
  sessionId?: string;
  parent?: string;
  trainingRunId?: string;
}

/**
 * A `--meta key=value` value: JSON when it parses (`difficulty=2` is the number 2,
 * `ok=true` the boolean, `tag="2"` the string "2"), the text as given otherwise.
 */
export function parseMetaValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** commander collector for the repeatable `--meta key=value`; equality on payload.meta[key]. */
export function collectMeta(
  arg: string,
  previous: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got "${arg}"`);
  const key = arg.slice(0, eq).trim();
  if (key === "") throw new InvalidArgumentError(`expected key=value, got "${arg}"`);
  const all = { ...previous };
  if (Object.hasOwn(all, key)) throw new InvalidArgumentError(`meta key "${key}" is given twice`);
  all[key] = parseMetaValue(arg.slice(eq + 1));
  return all;
}

/**
 * The body of POST /api/datasets/build (and /preview, where name and version may be left out).
 * Only what was given is sent, so the server's defaults (limit 100, latest, baseline) apply.
 */
export function buildBody(
  o: SelectionOptions,
  name?: string,
  version?: string,
): Partial<BuildDatasetBodyInput> {
  const body: Partial<BuildDatasetBodyInput> = {};
  if (name !== undefined) body.dataset_name = name;
  if (version !== undefined) body.dataset_version = version;
  if (o.meta && Object.keys(o.meta).length) body.filters = o.meta;
  if (o.limit !== undefined) body.limit = o.limit;
  if (o.strategy !== undefined) body.selection_strategy = o.strategy;
  if (o.distinctPrompts) body.distinct_prompts = true;
  if (o.seed !== undefined) body.seed = o.seed;
  if (o.source !== undefined) body.source = o.source;
  if (o.q !== undefined) body.q = o.q;
  if (o.createdAfter !== undefined) body.created_after = o.createdAfter;
  if (o.createdBefore !== undefined) body.created_before = o.createdBefore;
  if (o.criteria !== undefined) body.score_criteria = o.criteria;
  if (o.minScore !== undefined) body.min_score = o.minScore;
  if (o.maxScore !== undefined) body.max_score = o.maxScore;
  if (o.val !== undefined || o.test !== undefined || o.splitSeed !== undefined) {
    body.split = { val: o.val ?? 0, test: o.test ?? 0, seed: o.splitSeed ?? 0 };
  }
  if (o.sessionId !== undefined) body.session_id = o.sessionId;
  if (o.parent !== undefined) body.parent_dataset_id = o.parent;
  if (o.trainingRunId !== undefined) body.training_run_id = o.trainingRunId;
  return body;
}
