// The tunix backend's training tokens/s against a bare Tunix PeftTrainer loop on the same model,
// batches and optimizer, alternating in one run (trainers/tunix_rt_trainer/tunix_backend/throughput.py
// does the measuring; this passes its JSON lines through with the machine added to the summary).
// Needs Tunix in .venv: `node scripts/setup-python.mjs --with-tunix --wheels DIR`.
// Usage:
//   npx tsx bench/tunix-throughput.bench.ts [--model=gemma3-1b] [--batch-size=8] [--seq=512]
//       [--steps=30] [--rounds=2] [--dtype=bfloat16] [--lora]
// On a CPU-only machine, --model=tiny-gemma3 --dtype=float32 --batch-size=4 --seq=128 --steps=60.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { emit, machine, note } from "./lib/report.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PYTHON = join(ROOT, ".venv", "bin", "python");
const FLAGS = ["model", "batch-size", "seq", "steps", "rounds", "dtype"];

const args: string[] = [];
for (const arg of process.argv.slice(2)) {
  const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
  if (m?.[1] && FLAGS.includes(m[1]) && m[2] !== undefined) args.push(`--${m[1]}`, m[2]);
  else if (arg === "--lora") args.push("--lora");
  else {
    note(`unknown argument ${arg} (known: ${FLAGS.map((f) => `--${f}=…`).join(" ")} --lora)`);
    process.exit(2);
  }
}
if (!existsSync(PYTHON)) {
  note(`no ${PYTHON}: run \`node scripts/setup-python.mjs --with-tunix\` first`);
  process.exit(1);
}
note(`tunix backend vs bare PeftTrainer: ${args.join(" ") || "defaults (gemma3-1b, 8 × 512, bfloat16)"}`);
const r = spawnSync(PYTHON, ["-m", "tunix_rt_trainer.tunix_backend.throughput", ...args], {
  cwd: ROOT,
  env: { ...process.env, PYTHONPATH: join(ROOT, "trainers") },
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
  maxBuffer: 1 << 24,
});
if (r.status !== 0) {
  note(`the throughput check failed (exit ${r.status}); its stderr is above`);
  process.exit(1);
}
for (const line of r.stdout.trim().split("\n")) {
  const row = JSON.parse(line) as Record<string, unknown>;
  emit(row.name === "summary" ? { ...row, machine: machine() } : row);
}
