import {
  type DryRunFinding,
  FALLBACK_LEARNING_RATE,
  type RunDetail,
  type SubmitRunBody,
  TrainRunConfig,
  trainerPreset,
} from "@tunix-rt/contracts";
import { AppError } from "../app-error.js";
import { getDatasetRow } from "../datasets/get-dataset.js";
import type { ServiceDeps } from "../deps.js";
import { evalSetRefs } from "../evals/submit-eval-run.js";
import { datasetTokens } from "../tokens/dataset-tokens.js";
import { insertRun } from "./insert-run.js";
import { trainerAvailability } from "./known-trainers.js";
import { resolveResume } from "./resolve-resume.js";
import { toRunDetail } from "./run-row.js";

export interface SubmitRunContext {
  /** Absolute run directory for an id (for output_dir in responses). */
  runDir: (id: string) => string;
}

/** The model and learning rate a request left out, from its trainer's preset. */
function presetValues(req: SubmitRunBody): { model_id: string; learning_rate: number } {
  const preset = trainerPreset(req.trainer);
  const model_id = req.model_id ?? preset?.model_id;
  if (model_id === undefined)
    throw new AppError("validation", "Invalid run request", {
      errors: [{ field: "model_id", message: `required: trainer ${req.trainer} has no default model` }],
    });
  return { model_id, learning_rate: req.learning_rate ?? preset?.learning_rate ?? FALLBACK_LEARNING_RATE };
}

/**
 * Queues a training run (or, with dry_run, checks everything a real run needs and records the
 * findings without starting a process). Unknown dataset → 404; invalid values → 422 naming each field.
 */
export async function submitRun(
  deps: ServiceDeps,
  req: SubmitRunBody,
  ctx: SubmitRunContext,
): Promise<RunDetail> {
  const dataset = await getDatasetRow(deps, req.dataset_key);
  const { known, live } = await trainerAvailability(deps);
  if (!known.has(req.trainer)) {
    throw new AppError("validation", `Unknown trainer ${req.trainer}`, {
      errors: [{ field: "trainer", message: `must be one of: ${[...known].sort().join(", ")}` }],
    });
  }
  const resume = req.resume_from ? await resolveResume(deps, req.resume_from) : null;
  const evalSets = await evalSetRefs(deps, req.eval_sets, "eval_sets");
  const { dry_run: dryRun, output_dir: _o, resume_from: _r, name, ...request } = req;
  const config = TrainRunConfig.parse({
    ...request,
    ...presetValues(req),
    kind: "train",
    num_epochs: req.num_epochs ?? (req.max_steps ? undefined : 1),
    dataset: {
      key: dataset.dataset_key,
      build_id: dataset.id,
      content_hash: dataset.content_hash,
      split_counts: dataset.split_counts,
    },
    resume_from: resume,
    eval_sets: evalSets,
  });
  const row = await insertRun(deps, {
    config,
    name: name ?? null,
    datasetId: dataset.id,
    dryRun: dryRun
      ? { findings: await dryRunFindings(deps, config, live, Number(dataset.trace_count)) }
      : undefined,
  });
  return toRunDetail(row, ctx.runDir(row.id));
}

async function dryRunFindings(
  deps: ServiceDeps,
  config: TrainRunConfig,
  live: Set<string>,
  traceCount: number,
): Promise<DryRunFinding[]> {
  const findings: DryRunFinding[] = [
    { check: "dataset", ok: traceCount > 0, message: `${config.dataset_key}: ${traceCount} traces` },
    {
      check: "trainer",
      ok: live.has(config.trainer),
      message: live.has(config.trainer)
        ? `${config.trainer} is offered by a live worker`
        : `no live worker offers ${config.trainer} (live: ${[...live].join(", ") || "none"})`,
    },
    {
      check: "schedule",
      ok: true,
      message: config.max_steps
        ? `${config.max_steps} steps`
        : `${config.num_epochs ?? 1} epoch(s) of batch ${config.batch_size}`,
    },
  ];
  const tokens = await datasetTokens(deps, config.dataset_key, {
    response_style: config.response_style,
    system_instruction: config.system_instruction,
    max_seq_length: config.max_seq_length,
    bins: 1,
    split: "train",
  });
  findings.push({
    check: "token budget",
    ok: tokens.example_count > 0,
    message: `${tokens.example_count} training examples, ${tokens.total_tokens} tokens (max ${tokens.max}); ${tokens.truncated_count} exceed max_seq_length ${config.max_seq_length} and would be truncated`,
  });
  return findings;
}
