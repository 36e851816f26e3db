import cliProgress from "cli-progress";
import { type ProgressSample, progressLine } from "../../output/progress-stats.js";
import type { ImportCounters } from "./ndjson-source.js";

/**
 * - "bar": a live bar on a terminal (ETA only when the input size is known).
 * - "lines": a plain status line now and then, for logs of long imports (stderr not a TTY).
 * - "off": --json, where stderr should carry nothing but errors.
 */
export type ProgressMode = "bar" | "lines" | "off";

export interface ImportProgress {
  stop(): void;
}

const BAR_INTERVAL_MS = 200;
const LINE_INTERVAL_MS = 10_000;

export function progressMode(opts: { json: boolean; stderrIsTty: boolean }): ProgressMode {
  if (opts.json) return "off";
  return opts.stderrIsTty ? "bar" : "lines";
}

export function startImportProgress(
  mode: ProgressMode,
  counters: ImportCounters,
  totalBytes: number | null,
  stream: NodeJS.WriteStream = process.stderr,
): ImportProgress {
  if (mode === "off") return { stop() {} };
  const started = Date.now();
  const sample = (): ProgressSample => ({
    lines: counters.linesSent,
    bytesRead: counters.bytesRead,
    totalBytes,
    elapsedMs: Date.now() - started,
    inputDone: counters.inputDone,
  });

  if (mode === "lines") {
    const timer = setInterval(() => stream.write(`import: ${progressLine(sample())}\n`), LINE_INTERVAL_MS);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  // The bar tracks bytes (what the ETA is computed from); the text after it is ours, so the
  // rate is in lines/s and the ETA has the same meaning with or without cli-progress's own.
  const withSize = totalBytes !== null && totalBytes > 0;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: withSize ? "import [{bar}] {status}" : "import {status}",
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      fps: 1000 / BAR_INTERVAL_MS,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(withSize ? totalBytes : 1, 0, { status: progressLine(sample()) });
  const tick = () =>
    bar.update(withSize ? Math.min(counters.bytesRead, totalBytes) : 0, { status: progressLine(sample()) });
  const timer = setInterval(tick, BAR_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      tick();
      bar.stop();
    },
  };
}
