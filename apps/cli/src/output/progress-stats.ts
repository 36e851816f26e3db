export interface ProgressSample {
  lines: number;
  bytesRead: number;
  /** Size of the input in bytes; null for a pipe, where no ETA can be given. */
  totalBytes: number | null;
  elapsedMs: number;
  /** Everything was read and sent; what remains is the server storing the tail. */
  inputDone?: boolean;
}

export interface ProgressStats {
  /** Lines sent per second, averaged over the whole run (steadier than a window for ETAs). */
  rate: number;
  /** 0–100, or null without a known size. */
  percent: number | null;
  /** Seconds left, from bytes read against the input size; null when unknown. */
  etaSeconds: number | null;
}

export function progressStats(s: ProgressSample): ProgressStats {
  const seconds = s.elapsedMs / 1000;
  const rate = seconds > 0 ? s.lines / seconds : 0;
  if (s.totalBytes === null || s.totalBytes <= 0) return { rate, percent: null, etaSeconds: null };
  const fraction = Math.min(1, s.bytesRead / s.totalBytes);
  const bytesPerSecond = seconds > 0 ? s.bytesRead / seconds : 0;
  const etaSeconds =
    fraction >= 1 ? 0 : bytesPerSecond > 0 ? (s.totalBytes - s.bytesRead) / bytesPerSecond : null;
  return { rate, percent: fraction * 100, etaSeconds };
}

/** 5 → "5s", 125 → "2m05s", 3725 → "1h02m"; null → "?". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Thousands separators regardless of the machine's locale, so output is the same everywhere. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The one-line status used by the progress bar's payload and by the plain periodic lines. */
export function progressLine(s: ProgressSample): string {
  const st = progressStats(s);
  const parts = [`${formatCount(s.lines)} lines sent`, `${formatCount(st.rate)} lines/s`];
  if (s.inputDone) parts.push("all sent, waiting for the server");
  else if (st.percent !== null)
    parts.push(`${st.percent.toFixed(0)}%`, `ETA ${formatDuration(st.etaSeconds)}`);
  else parts.push(`elapsed ${formatDuration(s.elapsedMs / 1000)}`);
  return parts.join(" | ");
}
