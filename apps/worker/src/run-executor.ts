import type { RunRow, ServiceDeps } from "@tunix-rt/services";

/** `lost`: the run was taken from this worker (lease lapsed); its outcome will not be recorded. */
export type StopReason = "cancel" | "timeout" | "shutdown" | "lost";

/** What an executor gets for one attempt of one run. */
export interface ExecutionContext {
  deps: ServiceDeps;
  run: RunRow;
  /** The run's directory, already created: `<data>/runs/<run id>`. */
  dir: string;
  /** The data folder (other runs' directories are under it: checkpoints to resume or evaluate). */
  dataDir: string;
  /** Writes a line of the worker's own into the run's log (`[tunix-rt] …`). */
  note(text: string): void;
}

/** How the process ended; `stoppedFor` is set when the worker stopped it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stoppedFor: StopReason | null;
}

/**
 * One kind of run (train, eval, …). The engine claims the run, creates its directory, calls
 * `prepare`, starts the trainer's command followed by `args` in its own process group, captures
 * logs and metrics, enforces cancel and timeout, then calls `collect` and records the outcome.
 * Queue, leases, logs, cancel, retry and artifacts are the engine's and the same for every kind.
 */
export interface RunExecutor {
  /** Lays out the run directory before the process starts; throwing fails the run ("prepare failed: …"). */
  prepare(ctx: ExecutionContext): Promise<void>;
  /** What follows the trainer's registered command, e.g. `["train", "--run-dir", dir]`. */
  args(ctx: ExecutionContext): string[];
  /** Optional: environment variables this kind adds for the process (after the trainer's own). */
  env?(ctx: ExecutionContext): Record<string, string>;
  /**
   * Optional: follows the running process (started right after it, stopped once it exited and
   * before `collect`), e.g. to act on each checkpoint as it is saved.
   */
  watch?(ctx: ExecutionContext): { stop(): Promise<void> };
  /**
   * Reads what the process left behind, however it ended: the checkpoint a retry may resume from
   * and, after exit 0, an error when the results are unusable (the run then fails with it).
   */
  collect(
    ctx: ExecutionContext,
    exit: ProcessExit,
  ): Promise<{ resumableFrom: string | null; error?: string }>;
}
