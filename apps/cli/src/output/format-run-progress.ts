import type { RunDetail, RunSummary } from "@tunix-rt/contracts";
import { formatMetric, formatRunDuration } from "./format-number.js";

/** The list's status cell: a running run's share of max_steps, a pending one's place in the queue. */
export function runStatusCell(r: RunSummary): string {
  if (r.mode === "dry-run") return `${r.status} (dry)`;
  if (r.status === "cancel_requested") return "cancelling";
  if (r.queue_position !== null) return `pending #${r.queue_position}`;
  const p = r.progress;
  if (p?.total_steps) return `running ${Math.min(100, Math.floor((100 * p.step) / p.total_steps))}%`;
  return r.status;
}

/** `runs show`'s progress line: "step 120 of 600 (20%), 3.1 steps/s, about 2m35s left". */
export function formatProgress(r: Pick<RunDetail, "progress" | "queue_position">): string | null {
  if (r.queue_position !== null)
    return r.queue_position === 1 ? "next in the queue" : `#${r.queue_position} in the queue`;
  const p = r.progress;
  if (!p) return null;
  const parts = [
    p.total_steps
      ? `step ${p.step} of ${p.total_steps} (${Math.floor((100 * p.step) / p.total_steps)}%)`
      : `step ${p.step}`,
  ];
  if (p.steps_per_second !== null) parts.push(`${formatMetric(p.steps_per_second)} steps/s`);
  if (p.eta_seconds !== null) parts.push(`about ${formatRunDuration(p.eta_seconds)} left`);
  return parts.join(", ");
}
