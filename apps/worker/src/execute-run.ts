import { spawn } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import {
  maxLogSeq,
  type RunOutcome,
  type RunRow,
  restartRunMetrics,
  runDirFor,
  type ServiceDeps,
} from "@tunix-rt/services";
import { LogCapture } from "./log-capture.js";
import { MetricsTail } from "./metrics-tail.js";
import type { ExecutionContext, ProcessExit, RunExecutor, StopReason } from "./run-executor.js";
import { type TrainerSpec, trainerEnv } from "./trainer-spec.js";

export interface ExecutingRun {
  /** SIGTERM to the trainer's whole process group now, SIGKILL after the grace period. */
  stop(reason: StopReason): void;
  done: Promise<RunOutcome>;
}

/**
 * Runs one claimed run to its end with its kind's executor: creates the run directory, lets the
 * executor lay it out, starts the trainer in its own process group with a clean environment,
 * captures its output and metrics, enforces the timeout, and turns how it ended into an outcome.
 */
export function executeRun(opts: {
  deps: ServiceDeps;
  run: RunRow;
  executor: RunExecutor;
  trainer: TrainerSpec;
  dataDir: string;
  graceMs: number;
  workerId: string;
}): ExecutingRun {
  const { deps, run, executor } = opts;
  const capture = new LogCapture(deps, run.id, Number(run.last_seq), {
    workerId: opts.workerId,
    attempt: run.attempt,
  });
  const note = (text: string) => capture.line("stdout", `[tunix-rt] ${text}`);
  const ctx: ExecutionContext = {
    deps,
    run,
    dir: runDirFor(opts.dataDir, run.id),
    dataDir: opts.dataDir,
    note,
  };
  let stopReason: StopReason | null = null;
  let kill: ((reason: StopReason) => void) | null = null;

  const done = (async (): Promise<RunOutcome> => {
    // A crashed earlier attempt may have stored lines past the run's last_seq: continue after them.
    capture.continueAfter(await maxLogSeq(deps, run.id).catch(() => 0));
    try {
      note(`attempt ${run.attempt} on worker ${opts.workerId}: preparing the run directory`);
      mkdirSync(ctx.dir, { recursive: true });
      await executor.prepare(ctx);
    } catch (err) {
      note(`could not prepare the run: ${(err as Error).message}`);
      await capture.close();
      return outcome("failed", null, `prepare failed: ${(err as Error).message}`);
    }
    if (stopReason) {
      await capture.close();
      return outcome(
        stopReason === "timeout" ? "timeout" : "cancelled",
        null,
        stopReason === "shutdown" ? "worker_shutdown" : null,
      );
    }
    if (opts.trainer.setup) {
      try {
        await opts.trainer.setup((line) => note(`setup: ${line}`));
      } catch (err) {
        note(`trainer setup failed: ${(err as Error).message}`);
        await capture.close();
        return outcome("failed", null, `trainer setup failed: ${(err as Error).message}`);
      }
    }
    // Before the trainer starts: renamed any later, the file could already hold its first points.
    if (run.attempt > 1) await startMetricsAfresh(deps, run.id, ctx.dir, run.attempt);
    const [cmd, ...prefix] = opts.trainer.command;
    const args = [...prefix, ...executor.args(ctx)];
    note(`starting: ${[cmd, ...args].join(" ")}`);
    const child = spawn(cmd!, args, {
      cwd: ctx.dir,
      detached: true, // its own process group, so a signal reaches every process it started
      env: { ...trainerEnv(opts.trainer, run.id, ctx.dir, process.env), ...executor.env?.(ctx) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const metrics = new MetricsTail(deps, run.id, join(ctx.dir, "metrics.jsonl"));
    metrics.start();
    const watching = executor.watch?.(ctx);
    capture.attach(child.stdout, "stdout");
    capture.attach(child.stderr, "stderr");
    let killTimer: NodeJS.Timeout | null = null;
    let termSent = false;
    kill = (reason) => {
      stopReason ??= reason;
      // One SIGTERM only: a trainer saving its checkpoint must not be interrupted by a second.
      if (termSent || child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      termSent = true;
      note(
        `${reason}: sending SIGTERM, SIGKILL in ${Math.round(opts.graceMs / 1000)} s if it is still running`,
      );
      signalGroup(child.pid, "SIGTERM");
      killTimer ??= setTimeout(() => {
        note("grace period over: SIGKILL");
        signalGroup(child.pid!, "SIGKILL");
      }, opts.graceMs);
    };
    const timeout = run.timeout_seconds
      ? setTimeout(() => kill?.("timeout"), run.timeout_seconds * 1000)
      : null;
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
      (resolve) => {
        child.once("error", (error) => resolve({ code: null, signal: null, error }));
        child.once("exit", (code, signal) => resolve({ code, signal }));
      },
    );
    if (timeout) clearTimeout(timeout);
    if (killTimer) clearTimeout(killTimer);
    // Whatever the trainer left behind in its group must not outlive the run.
    if (child.pid) signalGroup(child.pid, "SIGKILL");
    await metrics.stop();
    await watching?.stop().catch((err: Error) => note(`watching the run failed: ${err.message}`));
    if (exit.error) note(`could not start the trainer: ${exit.error.message}`);
    else note(`trainer exited with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`);
    const processExit: ProcessExit = { code: exit.code, signal: exit.signal, stoppedFor: stopReason };
    const collected = await executor.collect(ctx, processExit).catch((err: Error) => ({
      resumableFrom: null,
      error: `could not read the results: ${err.message}`,
    }));
    if (collected.error && !stopReason && exit.code === 0) note(collected.error);
    await capture.close();
    const resumable = collected.resumableFrom;
    if (stopReason === "timeout")
      return outcome("timeout", exit.code, `timed out after ${run.timeout_seconds} s`, resumable);
    if (stopReason)
      return outcome("cancelled", exit.code, stopReason === "shutdown" ? "worker_shutdown" : null, resumable);
    if (exit.error)
      return outcome("failed", null, `could not start trainer: ${exit.error.message}`, resumable);
    if (exit.code === 0 && collected.error) return outcome("failed", 0, collected.error, resumable);
    if (exit.code === 0) return outcome("completed", 0, null, resumable);
    return outcome(
      "failed",
      exit.code,
      exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`,
      resumable,
    );
  })();

  function outcome(
    status: RunOutcome["status"],
    exitCode: number | null,
    error: string | null,
    resumableFrom: string | null = null,
  ): RunOutcome {
    const lost = capture.failed
      ? ` (some log lines could not be stored: ${(capture.failed as Error).message})`
      : "";
    return {
      status,
      exitCode,
      error: error || lost ? `${error ?? ""}${lost}` : null,
      stdoutTail: capture.tail("stdout"),
      stderrTail: capture.tail("stderr"),
      resumableFrom,
    };
  }

  return {
    stop(reason) {
      stopReason ??= reason;
      kill?.(reason);
    },
    done,
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * A requeued attempt runs again (from scratch or its last checkpoint) and writes its own
 * points: the earlier attempt's file is kept beside it and its stored points are dropped, so each
 * step has one point, from the attempt that counts.
 */
async function startMetricsAfresh(deps: ServiceDeps, runId: string, dir: string, attempt: number) {
  const file = join(dir, "metrics.jsonl");
  if (existsSync(file)) renameSync(file, join(dir, `metrics.attempt-${attempt - 1}.jsonl`));
  await restartRunMetrics(deps, runId);
}
