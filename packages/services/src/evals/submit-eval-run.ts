import { EvalRunConfig, type EvalSetRef, type RunDetail, type SubmitEvalRunBody } from "@tunix-rt/contracts";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { insertRun } from "../runs/insert-run.js";
import { trainerAvailability } from "../runs/known-trainers.js";
import { toRunDetail } from "../runs/run-row.js";
import { type EvalSetRow, getEvalSetRow } from "./eval-set-row.js";
import { resolveSubject } from "./resolve-subject.js";

export interface SubmitEvalContext {
  /** Absolute run directory for an id (checkpoints are looked for there). */
  runDir: (id: string) => string;
}

export const evalSetRef = (s: EvalSetRow): EvalSetRef => ({
  key: s.eval_set_key,
  id: s.id,
  content_hash: s.content_hash,
  item_count: Number(s.item_count),
});

/** Eval sets named by key, as references a config stores; 422 naming the first unknown one. */
export async function evalSetRefs(deps: ServiceDeps, keys: string[], field: string): Promise<EvalSetRef[]> {
  const refs: EvalSetRef[] = [];
  for (const [i, key] of keys.entries()) {
    const set = await getEvalSetRow(deps, key).catch(() => {
      throw new AppError("validation", `Unknown eval set ${key}`, {
        errors: [{ field: `${field}/${i}`, message: "no eval set with this key" }],
      });
    });
    refs.push(evalSetRef(set));
  }
  return refs;
}

/**
 * Queues an evaluation run: the model (a training run's checkpoint, its untrained initialisation,
 * or a base model) on an eval set, its prompts rendered with the template, system instruction
 * and response style the model was trained with unless the request says otherwise.
 */
export async function submitEvalRun(
  deps: ServiceDeps,
  req: SubmitEvalRunBody & { continuous?: boolean },
  ctx: SubmitEvalContext,
): Promise<RunDetail> {
  const [set] = await evalSetRefs(deps, [req.eval_set], "eval_set");
  const setRow = await getEvalSetRow(deps, req.eval_set);
  const { train, subject } = await resolveSubject(deps, req.model, ctx.runDir);
  const trainer = train ? train.trainer : (req.model as { trainer: string }).trainer;
  const { known } = await trainerAvailability(deps);
  if (!known.has(trainer))
    throw new AppError("validation", `Unknown trainer ${trainer}`, {
      errors: [{ field: "model/trainer", message: `must be one of: ${[...known].sort().join(", ")}` }],
    });
  const base = "trainer_options" in req.model ? req.model : null;
  const config = EvalRunConfig.parse({
    kind: "eval",
    dataset_key: set!.key,
    trainer,
    model_id: train?.model_id ?? base!.model_id,
    eval_set: set,
    subject,
    model: train
      ? { seed: train.seed, max_seq_length: train.max_seq_length, trainer_options: train.trainer_options }
      : { trainer_options: base!.trainer_options },
    response_style: req.response_style ?? train?.response_style ?? "numbered",
    system_instruction: req.system_instruction ?? train?.system_instruction ?? null,
    extraction: setRow.extraction,
    max_new_tokens: req.max_new_tokens,
    batch_size: req.batch_size,
    pass_threshold: req.pass_threshold,
    judge: req.judge,
    labels: req.labels,
    priority: req.priority,
    max_attempts: req.max_attempts,
    timeout_seconds: req.timeout_seconds,
    continuous: req.continuous ?? false,
  });
  const row = await insertRun(deps, {
    config,
    datasetId: null,
    evalSetId: set!.id,
    parentRunId: subject.run_id,
  });
  return toRunDetail(row, ctx.runDir(row.id));
}
