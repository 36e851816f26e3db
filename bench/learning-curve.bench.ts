// The product's CPU recipe, measured by the product itself: generate arithmetic traces worked in
// digit columns, build a dataset of one trace per problem with a test split, make the test split an
// eval set (problems the model never trains on), train the jax reference model, then evaluate the
// untrained model and every saved checkpoint on it. Prints accuracy (with its 95% interval)
// against training minutes, one JSON line each.
//   npx tsx bench/learning-curve.bench.ts [--recipe=FILE.json] [key=value overrides, e.g. max_steps=3000]
// The default recipe is the one docs/trainers.md records; a recipe file or overrides change it.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, waitForRun } from "./lib/api.js";
import { emit, machine, note, round } from "./lib/report.js";
import { startServerProcess } from "./lib/server-process.js";

/** What the recipe does; every field can be overridden (key=value, values parsed as JSON). */
const DEFAULT_RECIPE = {
  /** Traces generated; 2-digit problems repeat, so about 19,750 distinct ones. */
  generate_count: 100_000,
  generator_options: { difficulty: 1, digits: 2, steps: "columns" } as Record<string, unknown>,
  seed: 7,
  /** Of the distinct problems: about 500 test (the eval set) and 200 val. */
  test_fraction: 0.0253,
  val_fraction: 0.0101,
  model_id: "tiny",
  learning_rate: 0.0015,
  batch_size: 4,
  max_steps: 5600,
  warmup_steps: 200,
  weight_decay: 0.1,
  max_seq_length: 184,
  eval_every_steps: 1000,
  save_every_steps: 1000,
  trainer_options: { log_every_steps: 200 } as Record<string, unknown>,
  max_new_tokens: 200,
};
type Recipe = typeof DEFAULT_RECIPE;

function recipe(): Recipe {
  const file = process.argv.find((a) => a.startsWith("--recipe="));
  const r: Record<string, unknown> = {
    ...DEFAULT_RECIPE,
    ...(file ? JSON.parse(readFileSync(file.slice(9), "utf8")) : {}),
  };
  for (const arg of process.argv.slice(2).filter((a) => !a.startsWith("--") && a.includes("="))) {
    const [k, v] = [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)];
    if (!(k in DEFAULT_RECIPE))
      throw new Error(`unknown recipe field ${k} (known: ${Object.keys(DEFAULT_RECIPE).join(", ")})`);
    try {
      r[k] = JSON.parse(v);
    } catch {
      r[k] = v;
    }
  }
  return r as Recipe;
}

const r = recipe();
emit({ name: "machine", ...machine(), recipe: r });
const dataDir = mkdtempSync(join(tmpdir(), "bench-curve-"));
// No evaluation slot: checkpoints are evaluated after training, so evaluation never slows it.
const server = await startServerProcess({ databaseUrl: "memory://", dataDir, workerEvalConcurrency: 0 });
const base = server.url;
try {
  await call(base, "/api/generators/arithmetic/generate", {
    count: r.generate_count,
    seed: r.seed,
    options: r.generator_options,
  });
  const ds = await call(base, "/api/datasets/build", {
    dataset_name: "curve",
    dataset_version: "v1",
    source: "arithmetic",
    limit: r.generate_count,
    distinct_prompts: true,
    split: { val: r.val_fraction, test: r.test_fraction, seed: r.seed },
  });
  const set = await call(base, "/api/evals/sets/build", {
    name: "curve-test",
    version: "v1",
    source: { kind: "dataset", dataset_key: ds.dataset_key, split: "test" },
  });
  note(
    `dataset ${ds.dataset_key}: ${ds.trace_count} distinct problems ${JSON.stringify(ds.split_counts)}; eval set ${set.eval_set_key} of ${set.item_count}`,
  );
  const submitted = await call(base, "/api/tunix/run?mode=async", {
    dataset_key: ds.dataset_key,
    trainer: "jax",
    model_id: r.model_id,
    learning_rate: r.learning_rate,
    batch_size: r.batch_size,
    max_steps: r.max_steps,
    warmup_steps: r.warmup_steps,
    weight_decay: r.weight_decay,
    max_seq_length: r.max_seq_length,
    eval_every_steps: r.eval_every_steps,
    save_every_steps: r.save_every_steps,
    seed: r.seed,
    trainer_options: { keep_checkpoints: 1000, ...r.trainer_options },
    dry_run: false,
  });
  note(`training run ${submitted.run_id}…`);
  const run = await waitForRun(base, submitted.run_id, 5000);
  if (run.status !== "completed") throw new Error(`training ${run.status}: ${run.error}`);
  const started = Date.parse(run.started_at);
  const loss = (await call(base, `/api/tunix/runs/${run.run_id}/metrics?names=train/loss&max_points=100000`))
    .series[0].points as Array<{ step: number; t: string }>;
  const minutesAt = (step: number) => {
    const p = loss.find((x) => x.step >= step) ?? loss[loss.length - 1]!;
    return round((Date.parse(p.t) - started) / 60_000, 2);
  };
  const steps = [
    0,
    ...Array.from(
      { length: Math.floor(r.max_steps / r.save_every_steps) },
      (_, i) => (i + 1) * r.save_every_steps,
    ),
  ];
  if (steps[steps.length - 1] !== r.max_steps) steps.push(r.max_steps);
  const evaluations: string[] = [];
  for (const step of steps) {
    const e = await call(base, "/api/evals/runs", {
      eval_set: set.eval_set_key,
      model: { run_id: run.run_id, checkpoint: step === 0 ? "init" : String(step) },
      max_new_tokens: r.max_new_tokens,
      batch_size: 100,
    });
    await waitForRun(base, e.evaluation_id, 1000);
    evaluations.push(e.evaluation_id);
    const d = await call(base, `/api/evals/runs/${e.evaluation_id}`);
    emit({
      name: "accuracy",
      step,
      training_minutes: step === 0 ? 0 : minutesAt(step),
      accuracy: round(d.summary.accuracy, 4),
      ci95: d.summary.ci95.map((x: number) => round(x, 4)),
      correct: d.summary.correct,
      n: d.summary.n,
      format_rate: round(d.summary.format_rate, 4),
    });
  }
  // The untrained model against the last checkpoint, item by item: by how much, and how sure.
  const cmp = await call(
    base,
    `/api/evals/compare?baseline=${evaluations[0]}&candidate=${evaluations[evaluations.length - 1]}`,
  );
  emit({
    name: "comparison",
    baseline: "init",
    candidate: r.max_steps,
    difference: round(cmp.difference, 4),
    ci95: cmp.ci95.map((x: number) => round(x, 4)),
    conclusion: cmp.conclusion,
  });
  emit({
    name: "training",
    steps: r.max_steps,
    minutes: round((Date.parse(run.completed_at) - started) / 60_000, 2),
    run_id: run.run_id,
  });
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
