import { queryRows, type SQL, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { bestEvaluation } from "../evals/resolve-subject.js";
import { isUuid } from "../ids.js";
import { getRunRow } from "../runs/run-row.js";

/** A model named by a person, resolved to what its evaluations are stored under. */
export interface ResolvedModel {
  /** As written. */
  ref: string;
  /** The leaderboard's key: `<run id>:<checkpoint>` or `base:<trainer>:<model id>`. */
  key: string;
  /** Evaluations of this model (over `evaluations e`). */
  match: SQL;
}

const invalid = (field: string, message: string) =>
  new AppError("validation", message, { errors: [{ field, message }] });

/**
 * Reads a model reference: `RUN[:CHECKPOINT]` (checkpoint `final` by default, or `best`, `init`, a
 * step, `checkpoints/<step>`), `base:<trainer>:<model id>`, or a registered `model:<name>@<version
 * or alias>`; also a leaderboard key as it is printed.
 */
export async function resolveModelRef(
  deps: ServiceDeps,
  ref: string,
  field = "model",
): Promise<ResolvedModel> {
  const text = ref.trim();
  if (text.startsWith("base:")) {
    const [, trainer, ...rest] = text.split(":");
    const modelId = rest.join(":");
    if (!trainer || !modelId) throw invalid(field, `${ref}: write a base model as base:<trainer>:<model id>`);
    return {
      ref,
      key: `base:${trainer}:${modelId}`,
      match: sql`(e.subject_run_id IS NULL AND e.trainer = ${trainer} AND e.model_id = ${modelId})`,
    };
  }
  if (text.startsWith("model:")) return resolveRegistered(deps, text, field);
  const colon = text.indexOf(":");
  const runId = colon === -1 ? text : text.slice(0, colon);
  const wanted =
    colon === -1
      ? "final"
      : text
          .slice(colon + 1)
          .trim()
          .toLowerCase();
  if (!isUuid(runId))
    throw invalid(field, `${ref}: not a run id, base:<trainer>:<model> or model:<name>@<version>`);
  const run = await getRunRow(deps, runId).catch(() => {
    throw invalid(field, `${ref}: no run ${runId}`);
  });
  let checkpoint: string;
  if (wanted === "final") {
    if (!run.resumable_from) throw invalid(field, `${ref}: run ${runId} has no checkpoint`);
    checkpoint = run.resumable_from;
  } else if (wanted === "best") {
    const best = await bestEvaluation(deps, run);
    if (!best)
      throw invalid(field, `${ref}: no checkpoint of run ${runId} was evaluated yet, so none is best`);
    checkpoint = best.checkpoint;
  } else if (wanted === "init") checkpoint = "init";
  else if (/^\d+$/.test(wanted)) checkpoint = `checkpoints/${Number(wanted)}`;
  else if (/^checkpoints\/\d+$/.test(wanted)) checkpoint = wanted;
  else throw invalid(field, `${ref}: checkpoint must be final, best, init or a step`);
  return {
    ref,
    key: `${runId}:${checkpoint}`,
    match: sql`(e.subject_run_id = ${runId} AND e.checkpoint = ${checkpoint})`,
  };
}

async function resolveRegistered(deps: ServiceDeps, text: string, field: string): Promise<ResolvedModel> {
  const m = /^model:([^@]+)@(.+)$/.exec(text);
  if (!m) throw invalid(field, `${text}: write a registered model as model:<name>@<version or alias>`);
  const [, name, at] = m as unknown as [string, string, string];
  const rows = await queryRows<{ run_id: string; checkpoint: string }>(
    deps.db,
    /^\d+$/.test(at)
      ? sql`SELECT run_id, checkpoint FROM model_versions WHERE name = ${name} AND version = ${Number(at)}`
      : sql`SELECT v.run_id, v.checkpoint FROM model_aliases a JOIN model_versions v ON v.id = a.version_id
            WHERE a.name = ${name} AND a.alias = ${at}`,
  );
  if (!rows[0]) throw new AppError("not_found", `No model version ${name}@${at}`);
  const { run_id, checkpoint } = rows[0];
  return {
    ref: text,
    key: `${run_id}:${checkpoint}`,
    match: sql`(e.subject_run_id = ${run_id} AND e.checkpoint = ${checkpoint})`,
  };
}

/** The latest completed evaluation of a model on an eval set, or null. */
export async function latestEvaluationOf(
  deps: ServiceDeps,
  model: ResolvedModel,
  evalSetId: string,
): Promise<string | null> {
  const rows = await queryRows<{ run_id: string }>(
    deps.db,
    sql`SELECT e.run_id FROM evaluations e JOIN runs er ON er.id = e.run_id AND er.status = 'completed'
        WHERE e.eval_set_id = ${evalSetId} AND ${model.match}
        ORDER BY e.evaluated_at DESC, e.run_id DESC LIMIT 1`,
  );
  return rows[0]?.run_id ?? null;
}
