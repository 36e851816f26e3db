import type { RunLive } from "@tunix-rt/contracts";
import { formatDuration } from "./duration";

/** "step 120 / 600 · 3.1 steps/s · ETA 2 min 35 s", "3rd in the queue": a live run's state in words. */
export function progressText(live: RunLive): string | null {
  if (live.queue_position !== null) {
    return live.queue_position === 1 ? "next in the queue" : `${ordinal(live.queue_position)} in the queue`;
  }
  const p = live.progress;
  if (!p) return null;
  const parts = [p.total_steps !== null ? `step ${p.step} / ${p.total_steps}` : `step ${p.step}`];
  if (p.steps_per_second !== null) parts.push(`${rate(p.steps_per_second)} steps/s`);
  if (p.eta_seconds !== null) parts.push(`ETA ${formatDuration(p.eta_seconds * 1000)}`);
  return parts.join(" · ");
}

/** The fraction of max_steps done, when it is known. */
export const progressFraction = (live: RunLive): number | null =>
  live.progress && live.progress.total_steps
    ? Math.min(1, live.progress.step / live.progress.total_steps)
    : null;

const rate = (x: number) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2));

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/** The run page's header line: a bar of max_steps and the words above. */
export function RunProgress({ run, testId }: { run: RunLive; testId: string }) {
  const text = progressText(run);
  if (!text) return null;
  const fraction = progressFraction(run);
  return (
    <div className="run-progress" data-testid={testId}>
      {fraction !== null && (
        <progress max={1} value={fraction} aria-label="Training progress">
          {Math.round(fraction * 100)}%
        </progress>
      )}
      <span className="muted">{text}</span>
    </div>
  );
}
