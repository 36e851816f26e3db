// Evaluation end to end with the real JAX reference trainer: train the `tiny` model briefly through
// the API and the in-process worker, evaluate the untrained initialisation and the trained
// checkpoint on held-out items it never saw, and compare the two item by item. The task is one a
// small byte-level model learns within seconds and that generalises to new items: read a number's
// digits back (the 4-minute arithmetic recipe in docs/trainers.md is too slow for a test suite).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "@tunix-rt/services";
import { findHome } from "@tunix-rt/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTerminalStatus, startRunServer, waitForRun } from "../run-testing.js";

const PYTHON = join(findHome(), ".venv", "bin", "python");

/** Distinct 5-digit numbers from a seeded generator: the first `train` to train on, the rest held out. */
function numbers(count: number): string[] {
  const rng = createRng(11, 0);
  const seen = new Set<string>();
  while (seen.size < count) seen.add(String(rng.int(10_000, 99_999)));
  return [...seen];
}

const trace = (n: string) => ({
  trace_version: "1.0",
  prompt: `Read back the number ${n}.`,
  steps: [{ i: 0, type: "read", content: `Its digits are ${[...n].join(" ")}` }],
  final_answer: n,
  meta: { source: "read-back", expected_answer: n },
});

describe.skipIf(!existsSync(PYTHON))("evaluating a real jax model", () => {
  let s: Awaited<ReturnType<typeof startRunServer>>;
  const all = numbers(2300);
  const [train, heldOut] = [all.slice(0, 2000), all.slice(2000)];
  beforeAll(async () => {
    s = await startRunServer({ cancelGraceSeconds: 30 });
    const imported = await s.api("/api/traces/batch", {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: train.map((n) => JSON.stringify(trace(n))).join("\n"),
    });
    expect(imported.status).toBe(201);
    const ds = await s.api("/api/datasets/build", {
      method: "POST",
      json: { dataset_name: "read", dataset_version: "v1", source: "read-back", limit: 2000 },
    });
    expect(ds.status).toBe(201);
    const set = await s.api("/api/evals/sets/import?name=read-heldout&version=v1", {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: heldOut
        .map((n, i) =>
          JSON.stringify({ id: `h${i}`, prompt: `Read back the number ${n}.`, expected_answer: n }),
        )
        .join("\n"),
    });
    expect(set.status).toBe(201);
  });
  afterAll(() => s.close());

  it("trains, then finds the trained checkpoint ahead of init on held-out items, with an interval that excludes no difference", async () => {
    const submitted = await s.api("/api/tunix/run?mode=async", {
      method: "POST",
      json: {
        dataset_key: "read-v1",
        trainer: "jax",
        model_id: "tiny",
        dry_run: false,
        max_steps: 400,
        batch_size: 8,
        max_seq_length: 128,
        learning_rate: 3e-3,
        warmup_steps: 20,
        seed: 1,
      },
    });
    expect(submitted.status).toBe(202);
    const runId = submitted.body.run_id;
    const run = await waitForRun(s.api, runId, isTerminalStatus, 600_000);
    if (run.status !== "completed") throw new Error(`run ${run.status}: ${run.error}\n${run.stderr}`);

    const evaluate = async (checkpoint: string) => {
      const e = await s.api("/api/evals/runs", {
        method: "POST",
        json: {
          eval_set: "read-heldout-v1",
          model: { run_id: runId, checkpoint },
          max_new_tokens: 64,
          batch_size: 100,
        },
      });
      expect(e.status).toBe(202);
      const done = await waitForRun(s.api, e.body.evaluation_id, isTerminalStatus, 600_000);
      expect(done.status).toBe("completed");
      return (await s.api(`/api/evals/runs/${e.body.evaluation_id}`)).body;
    };
    const init = await evaluate("init");
    const trained = await evaluate("final");
    expect(init.summary).toMatchObject({ n: 300, correct: 0, format_rate: 0 });
    expect(trained.subject).toMatchObject({ checkpoint: "checkpoints/400", step: 400 });

    const cmp = (
      await s.api(`/api/evals/compare?baseline=${init.evaluation_id}&candidate=${trained.evaluation_id}`)
    ).body;
    expect(cmp).toMatchObject({ n: 300, conclusion: "candidate_better", only_baseline: 0 });
    expect(cmp.ci95[0]).toBeGreaterThan(0);
    expect(trained.summary.ci95[0]).toBeGreaterThan(init.summary.ci95[1]);
    const right = (await s.api(`/api/evals/runs/${trained.evaluation_id}/items?filter=correct&limit=1`)).body
      .data[0];
    expect(heldOut).toContain(right.expected_answer);
    expect(train).not.toContain(right.expected_answer);
    expect(right.output).toContain(`Answer: ${right.expected_answer}`);
  }, 600_000); // a cap for a loaded two-core machine, where training alone can take minutes
});
