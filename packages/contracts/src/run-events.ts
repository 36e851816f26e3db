import type { RunStatus } from "./runs.js";

/**
 * What the run verbs announce on the notify bus (in-process, and across processes through
 * Postgres NOTIFY). Hints, not data: a receiver reads what changed from the database, so a lost
 * message costs latency, never correctness.
 */
export type RunEvent =
  /** A run was queued (submitted, retried, or requeued after its worker was lost): workers try to claim. */
  | { type: "queued"; run_id: string }
  /** A run changed state; the fields are the run's after the change. */
  | { type: "status"; run_id: string; status: RunStatus; exit_code: number | null; error: string | null }
  /** The user asked to cancel a running run: the worker holding it stops the trainer. */
  | { type: "cancel"; run_id: string }
  /** Log lines up to `seq` are stored. */
  | { type: "logs"; run_id: string; seq: number }
  /** New metric points are stored. */
  | { type: "metrics"; run_id: string };

export type RunEventType = RunEvent["type"];
