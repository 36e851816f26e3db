// The jax trainer's train step on this machine's device (CPU here, unchanged on a GPU): tokens/s
// and the model FLOP/s they imply, against a baseline measured in the same run: what plain XLA
// float32 matrix products reach on the same device ("matmul_fraction", an MFU-like ratio that
// means something on a CPU with no published peak). Needs the .venv that `npm test` creates.
// Usage:
//   npx tsx bench/trainer-throughput.bench.ts [--models=tiny,small,base] [--steps=20]

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { emit, intArg, listArg, machine, note, round } from "./lib/report.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PYTHON = join(ROOT, ".venv", "bin", "python");
const models = listArg("models", ["tiny", "small", "base"]);
const STEPS = intArg("steps", "BENCH_STEPS", 20);
// Batch × sequence per model: what fits a 2-core machine in a few seconds a step.
const SHAPES: Record<string, [number, number]> = {
  micro: [32, 104],
  tiny: [32, 104],
  small: [16, 128],
  base: [8, 128],
};

interface DemoResult {
  model?: string;
  tokens_per_s?: number;
  model_gflops_per_s?: number;
  gflops_per_s?: number;
  [key: string]: unknown;
}

function demo(args: string[]): DemoResult {
  const out = execFileSync(PYTHON, ["-m", "tunix_rt_trainer.demo", ...args], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: join(ROOT, "trainers") },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

if (!existsSync(PYTHON)) {
  note(`no ${PYTHON}: run \`npm test\` or \`node scripts/setup-python.mjs\` first`);
  process.exit(1);
}
note("baseline: plain XLA float32 matmul");
const baseline = demo(["matmul", "--size", "1024"]);
emit({ name: "xla_matmul_baseline", ...baseline });
const peak = Number(baseline.gflops_per_s);
const results = [];
for (const model of models) {
  const [batch, seq] = SHAPES[model] ?? [16, 128];
  note(`train step: ${model}, batch ${batch} × ${seq}`);
  const r = demo(
    ["bench", "--model", model, "--batch-size", String(batch), "--seq", String(seq)].concat([
      "--steps",
      String(STEPS),
    ]),
  );
  const result: DemoResult & { name: string; matmul_fraction: number } = {
    name: "jax_train_step",
    ...r,
    matmul_fraction: round(Number(r.model_gflops_per_s) / peak, 3),
  };
  emit(result);
  results.push(result);
}
emit({
  name: "summary",
  machine: machine(),
  baseline_gflops_per_s: peak,
  tokens_per_s: Object.fromEntries(results.map((r) => [r.model, r.tokens_per_s])),
  matmul_fraction: Object.fromEntries(results.map((r) => [r.model, r.matmul_fraction])),
});
