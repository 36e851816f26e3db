import {
  type DryRunFinding,
  FALLBACK_LEARNING_RATE,
  type RunDetail,
  SubmitRunBody,
  trainerPreset,
} from "@tunix-rt/contracts";
import { sql } from "@tunix-rt/db";
import { AppError, zodFieldErrors } from "../app-error.js";
import { getDatasetRow } from "../datasets/get-dataset.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { newId } from "../ids.js";
import { datasetTokens } from "../tokens/dataset-tokens.js";
import { trainerAvailability } from "./known-trainers.js";
import { resolveResume } from "./resolve-resume.js";
import { getRunRow, toRunDetail } from "./run-row.js";

export interface SubmitRunContext {
  /** Absolute run directory for an id (for output_dir in responses). */
  runDir: (id: string) => string;
  /** Wakes idle workers (NOTIFY on Postgres, in-process on PGlite). */
  notifyQueued: () => void;
}

export function parseSubmitBody(body: unknown): SubmitRunBody {
  const parsed = SubmitRunBody.safeParse(body);
  if (!parsed.success)
    throw new AppError("validation", "Invalid run request", { errors: zodFieldErrors(parsed.error.issues) });
  return parsed.data;
}

/** A run request with the trainer's preset filled in where the request left a field out. */
export type ResolvedRunRequest = SubmitRunBody & { model_id: string; learning_rate: number };

function withTrainerPreset(req: SubmitRunBody): ResolvedRunRequest {
  const preset = trainerPreset(req.trainer);
  const model_id = req.model_id ?? preset?.model_id;
  if (model_id === undefined)
    throw new AppError("validation", "Invalid run request", {
      errors: [{ field: "model_id", message: `required: trainer ${req.trainer} has no default model` }],
    });
  return {
    ...req,
    model_id,
    learning_rate: req.learning_rate ?? preset?.learning_rate ?? FALLBACK_LEARNING_RATE,
  };
}

/**
 * Queues a run (or, with dry_run, checks everything a real run needs and records the findings
 * without starting a process). Unknown dataset → 404; invalid values → 422 naming each field.
 */
export async function submitRun(deps: ServiceDeps, body: unknown, ctx: SubmitRunContext): Promise<RunDetail> {
  const parsed = parseSubmitBody(body);
  const dataset = await getDatasetRow(deps, parsed.dataset_key);
  const { known, live } = await trainerAvailability(deps);
  if (!known.has(parsed.trainer)) {
    throw new AppError("validation", `Unknown trainer ${parsed.trainer}`, {
      errors: [{ field: "trainer", message: `must be one of: ${[...known].sort().join(", ")}` }],
    });
  }
  const req = withTrainerPreset(parsed);
  const resume = req.resume_from ? await resolveResume(deps, req.resume_from) : null;
  const { dry_run: dryRun, output_dir: _o, ...rest } = req;
  const config = {
    ...rest,
    num_epochs: req.num_epochs ?? (req.max_steps ? undefined : 1),
    dataset: {
      key: dataset.dataset_key,
      build_id: dataset.id,
      content_hash: dataset.content_hash,
      split_counts: dataset.split_counts,
    },
    resume_from: resume,
  };
  const id = newId();
  let status = "pending";
  let findings: DryRunFinding[] | null = null;
  if (dryRun) {
    findings = await dryRunFindings(deps, req, live, Number(dataset.trace_count));
    status = findings.every((f) => f.ok) ? "completed" : "failed";
  }
  const failed =
    findings
      ?.filter((f) => !f.ok)
      .map((f) => f.message)
      .join("; ") || null;
  await timedWrite(deps, "submit_run", () =>
    deps.db.execute(sql`INSERT INTO runs (id, status, mode, dataset_id, dataset_key, model_id, trainer, config, labels, priority, max_attempts,
        timeout_seconds, findings, error, started_at, completed_at, exit_code, stdout_tail)
      VALUES (${id}, ${status}, ${dryRun ? "dry-run" : "local"}, ${dataset.id}, ${dataset.dataset_key}, ${req.model_id}, ${req.trainer},
        ${JSON.stringify(config)}::json, ${JSON.stringify(req.labels)}::jsonb, ${req.priority}, ${req.max_attempts}, ${req.timeout_seconds ?? null},
        ${findings ? JSON.stringify(findings) : null}::json, ${failed},
        ${dryRun ? sql`now()` : null}, ${dryRun ? sql`now()` : null}, ${dryRun ? (failed ? 1 : 0) : null},
        ${findings ? findings.map((f) => `${f.ok ? "✅" : "❌"} ${f.check}: ${f.message}`).join("\n") : ""})`),
  );
  if (!dryRun) ctx.notifyQueued();
  return toRunDetail(await getRunRow(deps, id), ctx.runDir(id));
}

async function dryRunFindings(
  deps: ServiceDeps,
  req: ResolvedRunRequest,
  live: Set<string>,
  traceCount: number,
): Promise<DryRunFinding[]> {
  const findings: DryRunFinding[] = [
    { check: "dataset", ok: traceCount > 0, message: `${req.dataset_key}: ${traceCount} traces` },
    {
      check: "trainer",
      ok: live.has(req.trainer),
      message: live.has(req.trainer)
        ? `${req.trainer} is offered by a live worker`
        : `no live worker offers ${req.trainer} (live: ${[...live].join(", ") || "none"})`,
    },
    {
      check: "schedule",
      ok: true,
      message: req.max_steps
        ? `${req.max_steps} steps`
        : `${req.num_epochs ?? 1} epoch(s) of batch ${req.batch_size}`,
    },
  ];
  const tokens = await datasetTokens(deps, req.dataset_key, {
    response_style: req.response_style,
    system_instruction: req.system_instruction,
    max_seq_length: req.max_seq_length,
    bins: 1,
    split: "train",
  });
  findings.push({
    check: "token budget",
    ok: tokens.example_count > 0,
    message: `${tokens.example_count} training examples, ${tokens.total_tokens} tokens (max ${tokens.max}); ${tokens.truncated_count} exceed max_seq_length ${req.max_seq_length} and would be truncated`,
  });
  return findings;
}
