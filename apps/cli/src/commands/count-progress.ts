import cliProgress from "cli-progress";
import { type CountSample, countProgressLine } from "../output/count-progress.js";
import { type ProgressMode, progressMode } from "./traces/import-progress.js";

export { type ProgressMode, progressMode };

export interface CountProgress {
  /** Stops the bar or the periodic lines, showing the final count once more on a bar. */
  stop(): void;
}

const BAR_INTERVAL_MS = 200;
const LINE_INTERVAL_MS = 10_000;

export interface CountProgressOptions {
  mode: ProgressMode;
  /** "generate", "export": the word the bar and status lines start with. */
  label: string;
  /** "traces", "lines". */
  unit: string;
  /** Expected total; null for an open-ended count (no bar fill, no ETA). */
  total: number | null;
  /** Read on every tick: how many are done so far. */
  done: () => number;
  stream?: NodeJS.WriteStream;
}

/**
 * Progress on stderr for work counted in items (generated traces, exported lines): a live bar
 * with count, rate and ETA on a terminal, a plain status line every 10 s otherwise (logs), and
 * nothing with --json.
 */
export function startCountProgress(o: CountProgressOptions): CountProgress {
  const stream = o.stream ?? process.stderr;
  if (o.mode === "off") return { stop() {} };
  const started = Date.now();
  const sample = (): CountSample => ({ done: o.done(), total: o.total, elapsedMs: Date.now() - started });

  if (o.mode === "lines") {
    const timer = setInterval(
      () => stream.write(`${o.label}: ${countProgressLine(sample(), o.unit)}\n`),
      LINE_INTERVAL_MS,
    );
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  const withTotal = o.total !== null && o.total > 0;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: withTotal ? `${o.label} [{bar}] {status}` : `${o.label} {status}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      fps: 1000 / BAR_INTERVAL_MS,
    },
    cliProgress.Presets.shades_classic,
  );
  const total = withTotal ? (o.total as number) : 1;
  bar.start(total, 0, { status: countProgressLine(sample(), o.unit) });
  const tick = () => {
    const s = sample();
    bar.update(withTotal ? Math.min(s.done, total) : 0, { status: countProgressLine(s, o.unit) });
  };
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
