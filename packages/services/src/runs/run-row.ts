import type { DryRunFinding, RunDetail, RunEvent, RunLive, RunStatus, RunSummary } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { isUuid, toIso } from "../ids.js";

export interface RunRow {
  id: string;
  created_at: string;
  status: RunStatus;
  /** train, eval, …: which executor runs it. */
  kind: string;
  name: string | null;
  mode: "dry-run" | "local";
  dataset_id: string | null;
  dataset_key: string;
  model_id: string;
  trainer: string;
  config: Record<string, unknown>;
  labels: string[];
  priority: number;
  attempt: number;
  max_attempts: number;
  timeout_seconds: number | null;
  started_at: string | null;
  completed_at: string | null;
  exit_code: number | null;
  worker_id: string | null;
  lease_expires_at: string | null;
  error: string | null;
  stdout_tail: string;
  stderr_tail: string;
  final_metrics: Record<string, number> | null;
  findings: DryRunFinding[] | null;
  resumable_from: string | null;
  retry_of: string | null;
  last_seq: number;
  parent_run_id: string | null;
  eval_set_id: string | null;
}

export async function getRunRow(deps: ServiceDeps, id: string): Promise<RunRow> {
  if (!isUuid(id)) throw new AppError("not_found", `Tunix run not found: ${id}`);
  const rows = await queryRows<RunRow>(deps.db, sql`SELECT * FROM runs WHERE id = ${id}`);
  if (!rows[0]) throw new AppError("not_found", `Tunix run not found: ${id}`);
  return rows[0];
}

/** A run's state alone (what a live view re-reads when told it changed). */
export async function getRunState(
  deps: ServiceDeps,
  id: string,
): Promise<Pick<RunRow, "status" | "exit_code" | "error">> {
  const rows = await queryRows<Pick<RunRow, "status" | "exit_code" | "error">>(
    deps.db,
    sql`SELECT status, exit_code, error FROM runs WHERE id = ${id}`,
  );
  if (!rows[0]) throw new AppError("not_found", `Tunix run not found: ${id}`);
  return rows[0];
}

/** The seed's message for each state, so its clients keep reading the same words. */
export function runMessage(r: Pick<RunRow, "status" | "mode" | "error" | "exit_code">): string {
  const dry = r.mode === "dry-run";
  switch (r.status) {
    case "completed":
      return dry ? "Dry-run validation successful" : "Local execution completed successfully";
    case "failed":
      return dry
        ? `Dry-run failed: ${r.error ?? "see findings"}`
        : r.error === "worker_lost"
          ? "Run failed: its worker was lost"
          : `Local execution failed${r.exit_code === null ? "" : ` with exit code ${r.exit_code}`}`;
    case "timeout":
      return "Local execution timed out";
    case "cancelled":
      return "Run cancelled by user";
    case "cancel_requested":
      return "Cancellation requested";
    case "running":
      return `${dry ? "Dry-run" : "Local"} execution running`;
    default:
      return `${dry ? "Dry-run" : "Local"} execution pending`;
  }
}

const iso = (v: string | null) => (v ? toIso(v) : null);

const NOT_LIVE: RunLive = { progress: null, queue_position: null };

/** `live`: progress and queue position (run-progress.ts), for the views that show them. */
export function toRunDetail(r: RunRow, runDir = "", live: RunLive = NOT_LIVE): RunDetail {
  const started = r.started_at ? Date.parse(r.started_at) : null;
  const ended = r.completed_at ? Date.parse(r.completed_at) : null;
  return {
    run_id: r.id,
    kind: r.kind,
    name: r.name,
    status: r.status,
    mode: r.mode,
    dataset_key: r.dataset_key,
    model_id: r.model_id,
    trainer: r.trainer,
    output_dir: runDir,
    exit_code: r.exit_code,
    stdout: r.stdout_tail,
    stderr: r.stderr_tail,
    duration_seconds: started !== null && ended !== null ? (ended - started) / 1000 : null,
    queued_at: toIso(r.created_at),
    started_at: iso(r.started_at),
    completed_at: iso(r.completed_at),
    message: runMessage(r),
    error: r.error,
    worker_id: r.worker_id,
    attempt: r.attempt,
    max_attempts: r.max_attempts,
    priority: r.priority,
    labels: r.labels,
    config: r.config,
    final_metrics: r.final_metrics,
    resumable_from: r.resumable_from,
    retry_of: r.retry_of,
    findings: r.findings,
    ...live,
  };
}

export function toRunSummary(r: RunRow, live: RunLive = NOT_LIVE): RunSummary {
  const d = toRunDetail(r, "", live);
  return {
    run_id: d.run_id,
    kind: d.kind,
    name: d.name,
    status: d.status,
    mode: d.mode,
    dataset_key: d.dataset_key,
    model_id: d.model_id,
    trainer: d.trainer,
    queued_at: d.queued_at,
    started_at: d.started_at,
    completed_at: d.completed_at,
    duration_seconds: d.duration_seconds,
    labels: d.labels,
    priority: d.priority,
    config: d.config,
    final_metrics: d.final_metrics,
    error: d.error,
    progress: d.progress,
    queue_position: d.queue_position,
  };
}

/** The `status` event that announces a run's state after a change. */
export function statusEvent(r: Pick<RunRow, "id" | "status" | "exit_code" | "error">): RunEvent {
  return { type: "status", run_id: r.id, status: r.status, exit_code: r.exit_code, error: r.error };
}
