// Numbers as the run commands print them: durations and metric values.
import { formatDuration } from "./progress-stats.js";

/** 0.8 → "0.8s", 12.3 → "12s", 125 → "2m05s"; null → "-". */
export function formatRunDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "-";
  if (seconds < 10) return `${(Math.round(seconds * 10) / 10).toFixed(1)}s`;
  return formatDuration(seconds);
}

/** A metric value in at most 4 significant digits: 0.5, 10, 0.0001235, 1.235e-7, 12350. */
export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}
