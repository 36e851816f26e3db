import { join } from "node:path";
import { TrainRunConfig } from "@tunix-rt/contracts";
import {
  checkpointSteps,
  latestCheckpoint,
  runDirFor,
  submitCheckpointEvaluations,
} from "@tunix-rt/services";
import type { ExecutionContext, RunExecutor } from "../run-executor.js";
import { linkCheckpoint } from "./link-checkpoint.js";
import { writeTrainRunDir } from "./train-run-dir.js";

const WATCH_MS = 2000;

/**
 * Continuous evaluation: each checkpoint the trainer saves gets an evaluation run per eval set the
 * run names, with the checkpoint linked into the evaluation's directory at once, so it is still
 * there when the evaluation runs even if the trainer has since deleted it (it keeps only its last few).
 */
async function evaluateNewCheckpoints(ctx: ExecutionContext, seen: Set<number>) {
  for (const step of checkpointSteps(ctx.dir)) {
    if (seen.has(step)) continue;
    seen.add(step);
    const runDir = (id: string) => runDirFor(ctx.dataDir, id);
    const queued = await submitCheckpointEvaluations(ctx.deps, ctx.run, step, { runDir });
    for (const ev of queued)
      linkCheckpoint(
        join(ctx.dir, "checkpoints", String(step)),
        join(runDir(ev.run_id), "checkpoints", String(step)),
      );
    if (queued.length) ctx.note(`checkpoint ${step}: queued ${queued.length} evaluation(s)`);
  }
}

/** A training run: the dataset rendered into the run directory, then `<trainer> train --run-dir DIR`. */
export const trainExecutor: RunExecutor = {
  async prepare(ctx) {
    const config = TrainRunConfig.parse(ctx.run.config);
    const { counts } = await writeTrainRunDir(ctx.deps, ctx.dataDir, ctx.dir, ctx.run, config);
    ctx.note(`data: ${counts.train} train, ${counts.val} val, ${counts.test} test examples`);
    if (config.eval_sets.length)
      ctx.note(`each saved checkpoint will be evaluated on ${config.eval_sets.map((s) => s.key).join(", ")}`);
  },
  args: (ctx) => ["train", "--run-dir", ctx.dir],
  watch(ctx) {
    if (!TrainRunConfig.parse(ctx.run.config).eval_sets.length) return { stop: async () => {} };
    const seen = new Set<number>();
    let busy: Promise<void> = Promise.resolve();
    const scan = () => {
      busy = busy
        .then(() => evaluateNewCheckpoints(ctx, seen))
        .catch((err: Error) => ctx.note(`could not queue an evaluation: ${err.message}`));
      return busy;
    };
    const timer = setInterval(scan, WATCH_MS);
    return {
      async stop() {
        clearInterval(timer);
        await scan(); // the checkpoint saved at the end (or on SIGTERM)
      },
    };
  },
  // Whatever ended it, the newest checkpoint is where a retry with resume continues.
  collect: async (ctx) => ({ resumableFrom: latestCheckpoint(ctx.dir) }),
};
