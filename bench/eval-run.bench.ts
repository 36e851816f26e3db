// Evaluation: (a) a whole evaluation run of N items on the jax `tiny` model — queue, prompt
// rendering, the trainer's predict, scoring and storing every item — against the trainer's bare
// `predict` on the same prompts file, measured in the same run (alternating, after a warm-up, so
// both use a warm XLA compilation cache); (b) scoring alone, in-process: answer extraction,
// comparison, format check and the running summary, items/s (Gemma token counting apart).
// Usage: npx tsx bench/eval-run.bench.ts [--items=1000] [--rounds=2] [--max-new-tokens=64] [--score-items=200000]

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { countTokens, EvalAccumulator, reasoningText, scoreItem, stopTokenizer } from "@tunix-rt/services";
import { call } from "./lib/api.js";
import { emit, intArg, machine, note, round } from "./lib/report.js";
import { startServerProcess } from "./lib/server-process.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ITEMS = intArg("items", "BENCH_ITEMS", 1000);
const ROUNDS = intArg("rounds", "BENCH_ROUNDS", 2);
const MAX_NEW = intArg("max-new-tokens", "BENCH_MAX_NEW_TOKENS", 64);
const SCORE_ITEMS = intArg("score-items", "BENCH_SCORE_ITEMS", 200_000);
const BATCH = 64;

/** One evaluation run through the product, submit to completed; returns seconds and its directory. */
async function evaluationRun(base: string, evalSet: string) {
  const started = performance.now();
  const e = await call(base, "/api/evals/runs", {
    eval_set: evalSet,
    model: { trainer: "jax", model_id: "tiny" },
    max_new_tokens: MAX_NEW,
    batch_size: BATCH,
  });
  for (;;) {
    const d = await call(base, `/api/evals/runs/${e.evaluation_id}`);
    if (["completed", "failed", "cancelled", "timeout"].includes(d.status)) {
      if (d.status !== "completed") throw new Error(`evaluation ${d.status}: ${d.error}`);
      const run = await call(base, `/api/tunix/runs/${e.evaluation_id}`);
      return { seconds: (performance.now() - started) / 1000, dir: run.output_dir as string, n: d.summary.n };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The trainer's own predict on the same prompts file, as a user would run it by hand. */
function barePredict(dir: string): number {
  const started = performance.now();
  const r = spawnSync(
    join(ROOT, ".venv/bin/python"),
    [
      "-m",
      "tunix_rt_trainer",
      "--backend",
      "jax",
      "predict",
      "--run-dir",
      dir,
      "--checkpoint",
      "init",
      "--input",
      "prompts.jsonl",
      "--output",
      "bare.jsonl",
      "--max-new-tokens",
      String(MAX_NEW),
      "--batch-size",
      String(BATCH),
    ],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        PYTHONPATH: join(ROOT, "trainers"),
        JAX_COMPILATION_CACHE_DIR: join(ROOT, ".venv", "jax-cache"),
      },
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`bare predict failed: ${r.stderr}`);
  return (performance.now() - started) / 1000;
}

async function endToEnd() {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-eval-"));
  const server = await startServerProcess({
    databaseUrl: "memory://",
    dataDir,
    logLevel: process.env.BENCH_LOG_LEVEL ?? "silent",
  });
  try {
    const set = await call(server.url, "/api/evals/sets/build", {
      name: "bench",
      version: "v1",
      source: { kind: "generator", generator: "arithmetic", count: ITEMS, seed: 1 },
    });
    note(`eval set of ${set.item_count} items; warm-up evaluation (compiles, loads the tokenizer)…`);
    const warm = await evaluationRun(server.url, set.eval_set_key);
    barePredict(warm.dir);
    const product: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const e = await evaluationRun(server.url, set.eval_set_key);
      product.push(e.seconds);
      bare.push(barePredict(e.dir));
      note(`round ${i + 1}: evaluation run ${e.seconds.toFixed(2)} s, bare predict ${bare[i]!.toFixed(2)} s`);
    }
    const best = (xs: number[]) => Math.min(...xs);
    emit({
      name: "evaluation_run",
      items: ITEMS,
      max_new_tokens: MAX_NEW,
      batch_size: BATCH,
      evaluation_run_s: product.map((s) => round(s, 2)),
      bare_predict_s: bare.map((s) => round(s, 2)),
      evaluation_items_per_s: round(ITEMS / best(product), 1),
      bare_items_per_s: round(ITEMS / best(bare), 1),
      ratio_vs_bare: round(best(bare) / best(product), 3),
    });
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Outputs shaped like a trained model's (right, wrong, unformatted), scored over and over. */
async function scoringOnly() {
  const outputs = Array.from({ length: 1000 }, (_, i) => {
    const v = i * 7 - 300;
    if (i % 5 === 0) return `it is ${v}`;
    return `Reasoning:\n1. Add: ${i} + ${v - i} = ${v}\n2. The result is ${v}\nAnswer: ${i % 3 === 0 ? v + 1 : v}`;
  });
  const expected = outputs.map((_, i) => String(i * 7 - 300));
  const acc = new EvalAccumulator();
  const started = performance.now();
  for (let k = 0; k < SCORE_ITEMS; k++) {
    const i = k % outputs.length;
    const s = scoreItem(outputs[i]!, expected[i]!, "numbered");
    acc.add({
      correct: s.correct,
      formatOk: s.formatOk,
      answered: s.extracted !== null,
      category: "c",
      difficulty: null,
      outputTokens: 40,
      reasoningTokens: 20,
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await countTokens(["warm up"]);
  const texts = outputs.map((o) => reasoningText(o, "numbered"));
  const t0 = performance.now();
  for (let r = 0; r < 10; r++) await countTokens(texts);
  const tokenSeconds = (performance.now() - t0) / 1000;
  await stopTokenizer();
  emit({
    name: "scoring",
    items: SCORE_ITEMS,
    items_per_s: Math.round(SCORE_ITEMS / seconds),
    accuracy_check: round(acc.summary().accuracy, 4),
    gemma_token_counting_items_per_s: Math.round((10 * texts.length) / tokenSeconds),
  });
}

emit({ name: "machine", ...machine() });
await scoringOnly();
await endToEnd();
