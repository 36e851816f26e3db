import type { RunStatus } from "@tunix-rt/contracts";

/**
 * The one place run transitions are defined. pending → running → completed | failed | timeout;
 * running → cancel_requested → cancelled; pending → cancelled. A running run whose worker is lost
 * goes back to pending while attempts remain (requeue), else to failed.
 */
const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  pending: ["running", "cancelled"],
  running: ["completed", "failed", "timeout", "cancel_requested", "pending"],
  cancel_requested: ["cancelled", "completed", "failed", "timeout"],
  completed: [],
  failed: [],
  timeout: [],
  cancelled: [],
};

export const canTransition = (from: RunStatus, to: RunStatus): boolean => TRANSITIONS[from].includes(to);
export const isTerminal = (s: RunStatus): boolean => TRANSITIONS[s].length === 0;
/** States from which each transition may start: what an UPDATE's WHERE clause must require. */
export const sourcesOf = (to: RunStatus): RunStatus[] =>
  (Object.keys(TRANSITIONS) as RunStatus[]).filter((from) => TRANSITIONS[from].includes(to));
