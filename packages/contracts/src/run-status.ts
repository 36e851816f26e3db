// The run status sets and kinds, defined once. No zod here: the web bundle imports this entry
// (`@tunix-rt/contracts/run-status`) for its badges and filters without pulling in schemas.

export const RUN_STATUSES = [
  "pending",
  "running",
  "cancel_requested",
  "completed",
  "failed",
  "timeout",
  "cancelled",
] as const;
// The type is exported as `RunStatus` by runs.ts, next to its schema.
type RunStatus = (typeof RUN_STATUSES)[number];

/** States a run never leaves. */
export const TERMINAL_STATUSES = [
  "completed",
  "failed",
  "timeout",
  "cancelled",
] as const satisfies readonly RunStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];
/** States of a run that is queued or executing (what a live view refreshes for). */
export const ACTIVE_STATUSES = [
  "pending",
  "running",
  "cancel_requested",
] as const satisfies readonly RunStatus[];
/** States in which a worker holds the run under a lease. */
export const LEASED_STATUSES = ["running", "cancel_requested"] as const satisfies readonly RunStatus[];

const terminal: ReadonlySet<string> = new Set(TERMINAL_STATUSES);
const active: ReadonlySet<string> = new Set(ACTIVE_STATUSES);

export const isTerminalStatus = (status: string): status is TerminalStatus => terminal.has(status);
export const isActiveStatus = (status: string): boolean => active.has(status);

/**
 * What a run executes. The engine (queue, leases, logs, cancel, retry, artifacts) is the same for
 * every kind; a worker runs a kind through the executor registered for it.
 */
export const RUN_KINDS = ["train", "eval"] as const;
export type RunKind = (typeof RUN_KINDS)[number];
