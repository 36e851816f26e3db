import type { RunStatus } from "@tunix-rt/contracts";
import { STATUS_LABEL } from "./run-status";
import "./status-badge.css";

/** A run's status as a coloured pill; `data-status` carries the raw value for tests and styles. */
export function StatusBadge({ status, testId }: { status: RunStatus; testId?: string }) {
  return (
    <span className={`status-badge status-${status}`} data-status={status} data-testid={testId}>
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}
