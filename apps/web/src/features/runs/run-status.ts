import type { RunStatus } from "@tunix-rt/contracts";

// Restated from the contract (a value import would pull zod into the bundle); the types keep them in step.
export const RUN_STATUSES = [
  "pending",
  "running",
  "cancel_requested",
  "completed",
  "failed",
  "timeout",
  "cancelled",
] as const satisfies readonly RunStatus[];

const TERMINAL: ReadonlySet<string> = new Set<RunStatus>(["completed", "failed", "timeout", "cancelled"]);
const ACTIVE: ReadonlySet<string> = new Set<RunStatus>(["pending", "running", "cancel_requested"]);

/** A run that will not change any more. */
export const isTerminal = (status: string) => TERMINAL.has(status);
/** A run that is queued or executing: lists showing one refresh themselves. */
export const isActive = (status: string) => ACTIVE.has(status);

export const STATUS_LABEL: Record<RunStatus, string> = {
  pending: "pending",
  running: "running",
  cancel_requested: "cancelling",
  completed: "completed",
  failed: "failed",
  timeout: "timed out",
  cancelled: "cancelled",
};
