import { TrainRunConfig } from "@tunix-rt/contracts";
import { latestCheckpoint } from "@tunix-rt/services";
import type { RunExecutor } from "../run-executor.js";
import { writeTrainRunDir } from "./train-run-dir.js";

/** A training run: the dataset rendered into the run directory, then `<trainer> train --run-dir DIR`. */
export const trainExecutor: RunExecutor = {
  async prepare(ctx) {
    const config = TrainRunConfig.parse(ctx.run.config);
    const { counts } = await writeTrainRunDir(ctx.deps, ctx.dataDir, ctx.dir, ctx.run, config);
    ctx.note(`data: ${counts.train} train, ${counts.val} val, ${counts.test} test examples`);
  },
  args: (ctx) => ["train", "--run-dir", ctx.dir],
  // Whatever ended it, the newest checkpoint is where a retry with resume continues.
  collect: async (ctx) => ({ resumableFrom: latestCheckpoint(ctx.dir) }),
};
