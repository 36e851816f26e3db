import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunFile, TrainRunConfig } from "@tunix-rt/contracts";
import {
  datasetMembers,
  latestCheckpoint,
  type RunRow,
  renderGemma,
  runDirFor,
  type ServiceDeps,
} from "@tunix-rt/services";

const SPLIT_FILES = { train: "train.jsonl", val: "val.jsonl", test: "test.jsonl" } as const;
type Split = keyof typeof SPLIT_FILES;

/**
 * Lays out a training run's directory before the trainer starts: run.json (the resolved config,
 * per the trainer contract) and data/<split>.jsonl, one {"id", "prompt", "completion"} record per
 * example rendered with the run's template and response style, so the trainer can mask the prompt.
 */
export async function writeTrainRunDir(
  deps: ServiceDeps,
  dataDir: string,
  dir: string,
  run: RunRow,
  config: TrainRunConfig,
): Promise<{ counts: Record<Split, number> }> {
  mkdirSync(join(dir, "data"), { recursive: true });
  mkdirSync(join(dir, "checkpoints"), { recursive: true });
  const counts: Record<Split, number> = { train: 0, val: 0, test: 0 };
  const outs = Object.fromEntries(
    Object.entries(SPLIT_FILES).map(([split, file]) => [split, createWriteStream(join(dir, "data", file))]),
  ) as Record<Split, ReturnType<typeof createWriteStream>>;
  for await (const t of datasetMembers(deps, config.dataset.build_id)) {
    const r = renderGemma(t.payload, {
      responseStyle: config.response_style,
      systemInstruction: config.system_instruction,
    });
    const split: Split = t.split in SPLIT_FILES ? (t.split as Split) : "train";
    counts[split]++;
    if (!outs[split].write(`${JSON.stringify({ id: t.id, prompt: r.prompt, completion: r.completion })}\n`)) {
      await new Promise<void>((resolve) => outs[split].once("drain", () => resolve()));
    }
  }
  await Promise.all(Object.values(outs).map((o) => new Promise<void>((resolve) => o.end(() => resolve()))));
  let resumePath: string | null = null;
  if (config.resume_from) {
    const from = runDirFor(dataDir, config.resume_from.run_id);
    const ckpt = config.resume_from.checkpoint ?? latestCheckpoint(from);
    if (ckpt && existsSync(join(from, ckpt))) resumePath = join(from, ckpt);
  }
  const runFile: RunFile = {
    ...config,
    run_id: run.id,
    attempt: run.attempt,
    data: {
      train: "data/train.jsonl",
      val: counts.val ? "data/val.jsonl" : null,
      test: counts.test ? "data/test.jsonl" : null,
      counts,
    },
    resume_from_path: resumePath,
    limits: { timeout_seconds: run.timeout_seconds },
  };
  writeFileSync(join(dir, "run.json"), `${JSON.stringify(runFile, null, 2)}\n`);
  return { counts };
}
