import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findHome } from "@tunix-rt/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTerminalStatus, startRunServer, waitForRun } from "../run-testing.js";

const PROJECT_ROOT = findHome();

const PYTHON = join(PROJECT_ROOT, ".venv", "bin", "python");

// A real training run with the JAX reference trainer, through the in-process worker: metrics,
// checkpoints, artifacts, then greedy predictions from the checkpoint. (npm test creates the venv.)
describe.skipIf(!existsSync(PYTHON))("a real jax training run through the worker", () => {
  let s: Awaited<ReturnType<typeof startRunServer>>;
  beforeAll(async () => {
    s = await startRunServer({ cancelGraceSeconds: 30 });
    await s.api("/api/generators/arithmetic/generate", {
      method: "POST",
      json: { count: 60, seed: 3, options: { difficulty: 1 } },
    });
    await s.api("/api/datasets/build", {
      method: "POST",
      json: { dataset_name: "jax", dataset_version: "v1", source: "arithmetic", split: { val: 0.2 } },
    });
  });
  afterAll(() => s.close());

  it("trains, evaluates, checkpoints, and the checkpoint predicts", async () => {
    const submitted = await s.api("/api/tunix/run?mode=async", {
      method: "POST",
      json: {
        dataset_key: "jax-v1",
        model_id: "micro",
        trainer: "jax",
        dry_run: false,
        max_steps: 12,
        batch_size: 8,
        max_seq_length: 128,
        learning_rate: 3e-3,
        warmup_steps: 2,
        eval_every_steps: 6,
        save_every_steps: 6,
      },
    });
    expect(submitted.status).toBe(202);
    const run = await waitForRun(s.api, submitted.body.run_id, isTerminalStatus, 400_000);
    if (run.status !== "completed")
      throw new Error(`run ${run.status}: ${run.error}\n${run.stderr}\n${run.stdout}`);
    expect(run.final_metrics["train/loss"]).toBeGreaterThan(0);
    expect(run.final_metrics["eval/loss"]).toBeGreaterThan(0);
    expect(run.resumable_from).toBe("checkpoints/12");
    const series = (await s.api(`/api/tunix/runs/${run.run_id}/metrics?names=train/loss`)).body.series[0];
    expect(series.total_points).toBeGreaterThan(1);
    const artifacts = (await s.api(`/api/tunix/runs/${run.run_id}/artifacts`)).body.artifacts.map(
      (a: { path: string }) => a.path,
    );
    expect(artifacts).toEqual(expect.arrayContaining(["run.json", "metrics.jsonl", "checkpoints/12"]));
    expect(readdirSync(join(run.output_dir, "checkpoints")).sort()).toEqual(["12", "6"]);

    const val = readFileSync(join(run.output_dir, "data/val.jsonl"), "utf8").trim().split("\n").slice(0, 3);
    const input = join(run.output_dir, "prompts.jsonl");
    writeFileSync(
      input,
      val.map((l) => JSON.stringify({ id: JSON.parse(l).id, prompt: JSON.parse(l).prompt })).join("\n") +
        "\n",
    );
    const output = join(run.output_dir, "predictions.jsonl");
    execFileSync(
      PYTHON,
      [
        "-m",
        "tunix_rt_trainer",
        "--backend",
        "jax",
        "predict",
        "--run-dir",
        run.output_dir,
        "--checkpoint",
        "checkpoints/12",
        "--input",
        input,
        "--output",
        output,
        "--max-new-tokens",
        "16",
      ],
      {
        env: { PATH: process.env.PATH ?? "", PYTHONPATH: join(PROJECT_ROOT, "trainers") },
        timeout: 300_000,
      },
    );
    const preds = readFileSync(output, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(preds.map((p) => p.id)).toEqual(val.map((l) => JSON.parse(l).id));
    for (const p of preds) expect(typeof p.prediction).toBe("string");
  }, 600_000);
});
