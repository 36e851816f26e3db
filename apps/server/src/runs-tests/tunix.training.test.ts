// The tunix backend for real through the API and the in-process worker: Google's Tunix trains a
// tiny Gemma 3 (full and LoRA), a cancel stops it with a checkpoint that a retry resumes from, and an
// evaluation run predicts with it. Skipped, saying why, where Tunix does not import
// (`node scripts/setup-python.mjs --with-tunix --wheels DIR` installs it).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findHome } from "@tunix-rt/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poll } from "../../../worker/src/process-tests/process-harness.js";
import { isTerminalStatus, startRunServer, waitForLog, waitForRun } from "../run-testing.js";

const HOME = findHome();
const PYTHON = join(HOME, ".venv", "bin", "python");

function tunixStatus(): { available: boolean; reason?: string } {
  if (!existsSync(PYTHON)) return { available: false, reason: "no Python environment" };
  try {
    const out = execFileSync(PYTHON, ["-m", "tunix_rt_trainer", "status"], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PYTHONPATH: join(HOME, "trainers") },
      encoding: "utf8",
      timeout: 120_000,
    });
    return JSON.parse(out).backends.tunix;
  } catch (err) {
    return { available: false, reason: String(err) };
  }
}

const TUNIX = tunixStatus();
if (!TUNIX.available) console.warn(`skipping the tunix integration tests: ${TUNIX.reason}`);

describe.skipIf(!TUNIX.available)("Google's Tunix through the worker", () => {
  let s: Awaited<ReturnType<typeof startRunServer>>;
  const submit = async (json: Record<string, unknown>) => {
    const res = await s.api("/api/tunix/run?mode=async", {
      method: "POST",
      json: {
        dataset_key: "tx-v1",
        trainer: "tunix",
        model_id: "tiny-gemma3",
        dry_run: false,
        batch_size: 8,
        max_seq_length: 96,
        learning_rate: 3e-3,
        warmup_steps: 2,
        ...json,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body.run_id as string;
  };
  const finished = async (id: string) => {
    const run = await waitForRun(s.api, id, isTerminalStatus, 300_000);
    if (run.status !== "completed") throw new Error(`run ${run.status}: ${run.error}\n${run.stderr}`);
    return run;
  };

  beforeAll(async () => {
    s = await startRunServer({ cancelGraceSeconds: 60 });
    await s.api("/api/generators/arithmetic/generate", {
      method: "POST",
      json: { count: 80, seed: 4, options: { difficulty: 1 } },
    });
    await s.api("/api/datasets/build", {
      method: "POST",
      json: { dataset_name: "tx", dataset_version: "v1", source: "arithmetic", split: { val: 0.1 } },
    });
    // The worker offers tunix once it has checked in the background that Tunix imports.
    await poll(
      "a worker offering tunix",
      async () =>
        (await s.api("/api/workers")).body.data.some((w: { trainers: string[] }) =>
          w.trainers.includes("tunix"),
        ),
      120_000,
    );
  });
  afterAll(() => s.close());

  it("fine-tunes fully: the loss falls, and an evaluation run predicts with the final checkpoint", async () => {
    const run = await finished(await submit({ max_steps: 20, eval_every_steps: 10, save_every_steps: 10 }));
    const loss = (await s.api(`/api/tunix/runs/${run.run_id}/metrics?names=train/loss`)).body.series[0]
      .points;
    expect(loss.at(-1).value).toBeLessThan(0.8 * loss[0].value);
    expect(run.resumable_from).toBe("checkpoints/20");
    const set = await s.api("/api/evals/sets/build", {
      method: "POST",
      json: {
        name: "txheld",
        version: "v1",
        source: {
          kind: "generator",
          generator: "arithmetic",
          count: 12,
          seed: 9,
          options: { difficulty: 1 },
          exclude_dataset: "tx-v1",
        },
      },
    });
    expect(set.status).toBe(201);
    const ev = await s.api("/api/evals/runs", {
      method: "POST",
      json: { eval_set: "txheld-v1", model: { run_id: run.run_id }, max_new_tokens: 24, batch_size: 4 },
    });
    expect(ev.status).toBe(202);
    await finished(ev.body.evaluation_id);
    const e = (await s.api(`/api/evals/runs/${ev.body.evaluation_id}`)).body;
    expect(e).toMatchObject({
      trainer: "tunix",
      subject: { checkpoint: "checkpoints/20" },
      summary: { n: 12 },
    });
    const items = (await s.api(`/api/evals/runs/${ev.body.evaluation_id}/items?limit=12`)).body.data;
    expect(items).toHaveLength(12);
    expect(items.every((i: { output_tokens: number }) => i.output_tokens > 0 && i.output_tokens <= 24)).toBe(
      true,
    );
  });

  it("trains LoRA, stops on cancel with a checkpoint of LoRA parameters only, and resumes from it", async () => {
    const id = await submit({
      max_steps: 100_000,
      save_every_steps: 1000,
      trainer_options: { lora: true, lora_rank: 4, log_every_steps: 1 },
    });
    await waitForLog(s.api, id, (l) => l.startsWith("step 3:"), 240_000);
    expect((await s.api(`/api/tunix/runs/${id}/cancel`, { method: "POST" })).status).toBe(200);
    const cancelled = await waitForRun(s.api, id, isTerminalStatus, 120_000);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.resumable_from).toMatch(/^checkpoints\/\d+$/);
    const metadata = JSON.parse(
      readFileSync(join(cancelled.output_dir, cancelled.resumable_from, "model_params", "_METADATA"), "utf8"),
    );
    const keys = Object.keys(metadata.tree_metadata);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.includes("_lora_"))).toBe(true);

    const stoppedAt = Number(cancelled.resumable_from.split("/")[1]);
    const retry = await s.api(`/api/tunix/runs/${id}/retry`, { method: "POST", json: { resume: true } });
    expect(retry.status).toBe(202);
    // The retry keeps the config (100,000 steps): it is followed until it resumed, then stopped.
    await waitForLog(s.api, retry.body.run_id, (l) => l.includes(`resumed at step ${stoppedAt}`), 240_000);
    await waitForLog(s.api, retry.body.run_id, (l) => l.startsWith(`step ${stoppedAt + 2}:`), 240_000);
    await s.api(`/api/tunix/runs/${retry.body.run_id}/cancel`, { method: "POST" });
    const again = await waitForRun(s.api, retry.body.run_id, isTerminalStatus, 120_000);
    expect(again.status).toBe("cancelled");
    expect(Number(again.resumable_from.split("/")[1])).toBeGreaterThan(stoppedAt);
  });
});
