import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { ModelLineage, PromoteModelBody, PromoteModelResponse } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { newId, toIso } from "../ids.js";
import { resolveModelRef } from "../leaderboard/model-ref.js";
import { pgErrorCode, UNIQUE_VIOLATION } from "../pg-error.js";
import { runDirFor } from "../runs/run-dir.js";
import { getRunRow } from "../runs/run-row.js";
import { hashDirectory, storeContent } from "./model-files.js";
import { getModelVersion, moveAliases } from "./model-versions.js";

async function lineageOf(deps: ServiceDeps, runId: string, checkpoint: string): Promise<ModelLineage> {
  const run = await getRunRow(deps, runId);
  const [dataset] = await queryRows<{ content_hash: string }>(
    deps.db,
    sql`SELECT content_hash FROM datasets WHERE dataset_key = ${run.dataset_key}`,
  );
  const evals = await queryRows<{
    run_id: string;
    eval_set_key: string;
    accuracy: number;
    ci_low: number;
    ci_high: number;
    n: number;
    contaminated_items: number | null;
    evaluated_at: string;
  }>(
    deps.db,
    sql`SELECT DISTINCT ON (e.eval_set_id) e.run_id, s.eval_set_key, e.accuracy, e.ci_low, e.ci_high, e.n,
          e.contaminated_items, e.evaluated_at
        FROM evaluations e JOIN eval_sets s ON s.id = e.eval_set_id
        JOIN runs er ON er.id = e.run_id AND er.status = 'completed'
        WHERE e.subject_run_id = ${runId} AND e.checkpoint = ${checkpoint}
        ORDER BY e.eval_set_id, e.evaluated_at DESC, e.run_id DESC`,
  );
  return {
    run: {
      id: run.id,
      name: run.name,
      trainer: run.trainer,
      model_id: run.model_id,
      completed_at: run.completed_at ? toIso(run.completed_at) : null,
    },
    dataset: { key: run.dataset_key, content_hash: dataset?.content_hash ?? null },
    config: run.config,
    evaluations: evals.map((e) => ({
      evaluation_id: e.run_id,
      eval_set: e.eval_set_key,
      accuracy: Number(e.accuracy),
      ci95: [Number(e.ci_low), Number(e.ci_high)],
      n: Number(e.n),
      contaminated_items: e.contaminated_items === null ? null : Number(e.contaminated_items),
      evaluated_at: toIso(e.evaluated_at),
    })),
  };
}

/**
 * Promotes a finished training run's checkpoint to a version of a named model. The version is
 * content-addressed: promoting the same files again (from this run or any other) returns the
 * existing version, with `created: false`. Aliases asked for are moved to it either way.
 */
export async function promoteModel(
  deps: ServiceDeps,
  dataDir: string,
  name: string,
  body: PromoteModelBody,
): Promise<PromoteModelResponse> {
  await getRunRow(deps, body.run_id).catch(() => {
    throw new AppError("validation", `No run ${body.run_id}`, {
      errors: [{ field: "run_id", message: "unknown run" }],
    });
  });
  const model = await resolveModelRef(deps, `${body.run_id}:${body.checkpoint}`, "checkpoint");
  const [runId, checkpoint] = [
    model.key.slice(0, model.key.indexOf(":")),
    model.key.slice(model.key.indexOf(":") + 1),
  ];
  const run = await getRunRow(deps, runId);
  if (run.status !== "completed" || run.kind !== "train")
    throw new AppError(
      "conflict",
      `Run ${runId} is ${run.kind === "train" ? run.status : `a ${run.kind} run`}; promote a completed training run's checkpoint`,
    );
  if (checkpoint === "init")
    throw new AppError(
      "validation",
      "The init checkpoint is the untrained model; promote a trained checkpoint",
      {
        errors: [{ field: "checkpoint", message: "init has no trained weights" }],
      },
    );
  const source = join(runDirFor(dataDir, runId), checkpoint);
  const onDisk = await stat(source).catch(() => null);
  if (!onDisk?.isDirectory())
    throw new AppError(
      "conflict",
      `The files of ${checkpoint} of run ${runId} are gone (a kept-checkpoints limit removed them); promote a checkpoint that is still on disk`,
    );
  const content = await hashDirectory(source);
  if (content.files.length === 0)
    throw new AppError("conflict", `${checkpoint} of run ${runId} holds no files`);

  const existing = await queryRows<{ version: number }>(
    deps.db,
    sql`SELECT version FROM model_versions WHERE name = ${name} AND sha256 = ${content.sha256}`,
  );
  if (existing[0]) {
    await moveAliases(deps, name, existing[0].version, body.aliases);
    return { ...(await getModelVersion(deps, name, existing[0].version)), created: false };
  }
  await storeContent(dataDir, source, content);
  const lineage = await lineageOf(deps, runId, checkpoint);
  const step = /^checkpoints\/(\d+)$/.exec(checkpoint);
  let version = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      version = await timedWrite(deps, "promote_model", async () => {
        const [row] = await queryRows<{ version: number }>(
          deps.db,
          sql`INSERT INTO model_versions (id, name, version, sha256, size_bytes, file_count, run_id, checkpoint, step, description, lineage)
            SELECT ${newId()}, ${name}, COALESCE(max(version), 0) + 1, ${content.sha256}, ${content.sizeBytes}, ${content.files.length},
              ${runId}, ${checkpoint}, ${step ? Number(step[1]) : null}, ${body.description ?? null}, ${JSON.stringify(lineage)}::jsonb
            FROM model_versions WHERE name = ${name}
            RETURNING version`,
        );
        return Number(row!.version);
      });
      break;
    } catch (err) {
      // Two promotions at once: either the same content (return it) or the same next number (retry).
      if (pgErrorCode(err) !== UNIQUE_VIOLATION || attempt >= 5) throw err;
      const same = await queryRows<{ version: number }>(
        deps.db,
        sql`SELECT version FROM model_versions WHERE name = ${name} AND sha256 = ${content.sha256}`,
      );
      if (same[0]) return promoteModel(deps, dataDir, name, body);
    }
  }
  await moveAliases(deps, name, version, body.aliases);
  return { ...(await getModelVersion(deps, name, version)), created: true };
}
