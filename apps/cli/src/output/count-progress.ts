import { formatCount, formatDuration } from "./progress-stats.js";

export interface CountSample {
  done: number;
  /** How many there will be in all; null when unknown (no ETA then). */
  total: number | null;
  elapsedMs: number;
}

export interface CountStats {
  /** Items per second, averaged over the whole run. */
  rate: number;
  percent: number | null;
  etaSeconds: number | null;
}

export function countStats(s: CountSample): CountStats {
  const seconds = s.elapsedMs / 1000;
  const rate = seconds > 0 ? s.done / seconds : 0;
  if (s.total === null || s.total <= 0) return { rate, percent: null, etaSeconds: null };
  const fraction = Math.min(1, s.done / s.total);
  const etaSeconds = fraction >= 1 ? 0 : rate > 0 ? (s.total - s.done) / rate : null;
  return { rate, percent: fraction * 100, etaSeconds };
}

/** "4,000/10,000 traces | 2,000 traces/s | 40% | ETA 3s" (no total: elapsed time instead). */
export function countProgressLine(s: CountSample, unit: string): string {
  const st = countStats(s);
  const done = s.total === null ? formatCount(s.done) : `${formatCount(s.done)}/${formatCount(s.total)}`;
  const parts = [`${done} ${unit}`, `${formatCount(st.rate)} ${unit}/s`];
  if (st.percent !== null) parts.push(`${st.percent.toFixed(0)}%`, `ETA ${formatDuration(st.etaSeconds)}`);
  else parts.push(`elapsed ${formatDuration(s.elapsedMs / 1000)}`);
  return parts.join(" | ");
}
