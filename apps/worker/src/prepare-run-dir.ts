import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  datasetMembers,
  latestCheckpoint,
  type RunRow,
  renderGemma,
  runDirFor,
  type ServiceDeps,
} from "@tunix-rt/services";

const SPLIT_FILES = { train: "train.jsonl", val: "val.jsonl", test: "test.jsonl" } as const;

/**
 * Lays out a run's directory before the trainer starts: run.json (the resolved config) and
 * data/<split>.jsonl, one {"id", "prompt", "completion"} record per example rendered with the
 * run's template and response style, so the trainer can mask the prompt.
 */
export async function prepareRunDir(
  deps: ServiceDeps,
  dataDir: string,
  run: RunRow,
): Promise<{ dir: string; counts: Record<string, number> }> {
  const dir = runDirFor(dataDir, run.id);
  mkdirSync(join(dir, "data"), { recursive: true });
  mkdirSync(join(dir, "checkpoints"), { recursive: true });
  const config = run.config as Record<string, unknown> & {
    dataset: { build_id: string };
    response_style?: "numbered" | "tagged";
    system_instruction?: string;
    resume_from?: { run_id: string; checkpoint: string | null } | null;
  };
  const counts: Record<string, number> = { train: 0, val: 0, test: 0 };
  const outs = Object.fromEntries(
    Object.entries(SPLIT_FILES).map(([split, file]) => [split, createWriteStream(join(dir, "data", file))]),
  ) as Record<keyof typeof SPLIT_FILES, ReturnType<typeof createWriteStream>>;
  for await (const t of datasetMembers(deps, config.dataset.build_id)) {
    const r = renderGemma(t.payload, {
      responseStyle: config.response_style,
      systemInstruction: config.system_instruction,
    });
    const out = outs[t.split as keyof typeof SPLIT_FILES] ?? outs.train;
    counts[t.split] = (counts[t.split] ?? 0) + 1;
    if (!out.write(`${JSON.stringify({ id: t.id, prompt: r.prompt, completion: r.completion })}\n`)) {
      await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
  }
  await Promise.all(Object.values(outs).map((o) => new Promise<void>((resolve) => o.end(() => resolve()))));
  let resumePath: string | null = null;
  if (config.resume_from) {
    const from = runDirFor(dataDir, config.resume_from.run_id);
    const ckpt = config.resume_from.checkpoint ?? latestCheckpoint(from);
    if (ckpt && existsSync(join(from, ckpt))) resumePath = join(from, ckpt);
  }
  const runJson = {
    run_id: run.id,
    attempt: run.attempt,
    trainer: run.trainer,
    model_id: run.model_id,
    ...config,
    data: {
      train: "data/train.jsonl",
      val: counts.val ? "data/val.jsonl" : null,
      test: counts.test ? "data/test.jsonl" : null,
      counts,
    },
    resume_from_path: resumePath,
    limits: { timeout_seconds: run.timeout_seconds },
  };
  writeFileSync(join(dir, "run.json"), `${JSON.stringify(runJson, null, 2)}\n`);
  return { dir, counts };
}
