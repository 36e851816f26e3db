import type { RunStatus } from "@tunix-rt/contracts";

export {
  isActiveStatus as isActive,
  isTerminalStatus as isTerminal,
  RUN_STATUSES,
} from "@tunix-rt/contracts/run-status";

export const STATUS_LABEL: Record<RunStatus, string> = {
  pending: "pending",
  running: "running",
  cancel_requested: "cancelling",
  completed: "completed",
  failed: "failed",
  timeout: "timed out",
  cancelled: "cancelled",
};
