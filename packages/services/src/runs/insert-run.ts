import type { DryRunFinding, EngineRunConfig } from "@tunix-rt/contracts";
import { sql } from "@tunix-rt/db";
import { publishRunEvent, type ServiceDeps, timedWrite } from "../deps.js";
import { newId } from "../ids.js";
import { getRunRow, type RunRow, statusEvent } from "./run-row.js";

export interface NewRun {
  /** The resolved config of any kind (a RunConfig for the built-in kinds). */
  config: EngineRunConfig;
  /** A dry run is recorded finished with its findings; anything else is queued. */
  dryRun?: { findings: DryRunFinding[] };
  retryOf?: string | null;
  /** The dataset version the run reads, kept from deletion while the run exists. */
  datasetId: string | null;
  /** An evaluation's eval set (kept from deletion) and the run whose model it evaluates. */
  evalSetId?: string | null;
  parentRunId?: string | null;
  /** A person's name for it. */
  name?: string | null;
}

/** Stores a new run from its resolved config: queued (and announced), or a finished dry run. */
export async function insertRun(deps: ServiceDeps, run: NewRun): Promise<RunRow> {
  const { config } = run;
  const id = newId();
  const findings = run.dryRun?.findings ?? null;
  const dry = findings !== null;
  const failed =
    findings
      ?.filter((f) => !f.ok)
      .map((f) => f.message)
      .join("; ") || null;
  const status = dry ? (failed ? "failed" : "completed") : "pending";
  await timedWrite(deps, "submit_run", () =>
    deps.db.execute(sql`INSERT INTO runs (id, status, kind, mode, dataset_id, dataset_key, model_id, trainer, config, labels, priority,
        max_attempts, timeout_seconds, findings, error, started_at, completed_at, exit_code, stdout_tail, retry_of,
        eval_set_id, parent_run_id, name)
      VALUES (${id}, ${status}, ${config.kind}, ${dry ? "dry-run" : "local"}, ${run.datasetId}, ${config.dataset_key}, ${config.model_id},
        ${config.trainer}, ${JSON.stringify(config)}::json, ${JSON.stringify(config.labels)}::jsonb, ${config.priority},
        ${config.max_attempts}, ${config.timeout_seconds ?? null}, ${findings ? JSON.stringify(findings) : null}::json, ${failed},
        ${dry ? sql`now()` : null}, ${dry ? sql`now()` : null}, ${dry ? (failed ? 1 : 0) : null},
        ${findings ? findings.map((f) => `${f.ok ? "✅" : "❌"} ${f.check}: ${f.message}`).join("\n") : ""},
        ${run.retryOf ?? null}, ${run.evalSetId ?? null}, ${run.parentRunId ?? null}, ${run.name ?? null})`),
  );
  const row = await getRunRow(deps, id);
  if (!dry) {
    publishRunEvent(deps, statusEvent(row));
    publishRunEvent(deps, { type: "queued", run_id: id });
  }
  return row;
}
