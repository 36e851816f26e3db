// Evaluation end to end through the HTTP API with the in-process worker and the contract's
// fixture trainer (its predict works "What is …?" out, like a model that learned; `init` answers
// nothing, like an untrained one): eval sets, evaluation runs, continuous evaluation, the seed's paths.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTerminalStatus, startRunServer, waitForRun } from "../run-testing.js";

let s: Awaited<ReturnType<typeof startRunServer>>;
beforeAll(async () => {
  s = await startRunServer();
  await s.api("/api/generators/arithmetic/generate", {
    method: "POST",
    json: { count: 60, seed: 3, options: { difficulty: 1 } },
  });
  const ds = await s.api("/api/datasets/build", {
    method: "POST",
    json: {
      dataset_name: "ar",
      dataset_version: "v1",
      source: "arithmetic",
      limit: 60,
      split: { test: 0.25 },
    },
  });
  expect(ds.status).toBe(201);
});
afterAll(() => s.close());

const ndjson = (lines: unknown[]) =>
  lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");
const importSet = (name: string, body: string, extra = "") =>
  s.api(`/api/evals/sets/import?name=${name}&version=v1${extra}`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body,
  });
const train = (over: Record<string, unknown> = {}) =>
  s.api("/api/tunix/run?mode=async", {
    method: "POST",
    json: { dataset_key: "ar-v1", model_id: "tiny", trainer: "fixture", dry_run: false, ...over },
  });
const evaluate = (json: Record<string, unknown>) => s.api("/api/evals/runs", { method: "POST", json });
const waitEval = async (id: string, ms = 30_000) => {
  await waitForRun(s.api, id, isTerminalStatus, ms);
  return (await s.api(`/api/evals/runs/${id}`)).body;
};

describe("eval sets", () => {
  it("imports the seed's JSONL format; a bad line is named by number and nothing is stored", async () => {
    const bad = await importSet(
      "seedfmt",
      ndjson([
        {
          id: "eval-001",
          prompt: "What is 15 + 27?",
          expected_answer: "42",
          category: "arithmetic",
          difficulty: "easy",
        },
        "{not json",
        { id: "eval-003", prompt: "What is 2 * 3?" },
        { id: "eval-001", prompt: "again", expected_answer: "1" },
      ]),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(["line 2", "line 3", "line 4"]);
    expect(bad.body.errors[1].message).toMatch(/expected_answer/);
    expect(bad.body.errors[2].message).toMatch(/duplicate id/);
    expect((await s.api("/api/evals/sets/seedfmt-v1")).status).toBe(404);

    const good = await importSet(
      "seedfmt",
      ndjson([
        {
          id: "eval-001",
          prompt: "What is 15 + 27?",
          expected_answer: "42",
          category: "arithmetic",
          difficulty: "easy",
        },
        {
          id: "eval-022",
          prompt: "Probability of heads?",
          expected_answer: "0.5 or 50%",
          category: "probability",
        },
        { id: "n", prompt: "What is 1 + 1?", expected_answer: 2, difficulty: 1, extra_field: "ignored" },
      ]),
      "&extraction=answer_line,last_number",
    );
    expect(good.status).toBe(201);
    expect(good.body).toMatchObject({
      eval_set_key: "seedfmt-v1",
      item_count: 3,
      extraction: ["answer_line", "last_number"],
      source: { kind: "import" },
      stats: { categories: { arithmetic: 1, probability: 1 }, difficulties: { easy: 1, "1": 1 } },
    });
    expect(good.body.content_hash).toMatch(/^[0-9a-f]{64}$/);
    const items = (await s.api("/api/evals/sets/seedfmt-v1/items?limit=2")).body;
    expect(items.data.map((i: { id: string }) => i.id)).toEqual(["eval-001", "eval-022"]);
    expect(items.pagination.next_cursor).toBe("1");
    expect(
      (await importSet("seedfmt", ndjson([{ id: "x", prompt: "p", expected_answer: "1" }]))).status,
    ).toBe(409);
  });

  it("generates a held-out set: no prompt of the excluded dataset appears in it", async () => {
    const res = await s.api("/api/evals/sets/build", {
      method: "POST",
      json: {
        name: "heldout",
        version: "v1",
        source: {
          kind: "generator",
          generator: "arithmetic",
          count: 40,
          seed: 3,
          options: { difficulty: 1 },
          exclude_dataset: "ar-v1",
        },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Same generator and seed as the dataset's traces: the first problems are exactly the training ones.
    expect(res.body.source.skipped.excluded).toBeGreaterThanOrEqual(60 - 5);
    const items = (await s.api("/api/evals/sets/heldout-v1/items?limit=1000")).body.data as Array<{
      prompt: string;
    }>;
    const examples = (await s.api("/api/datasets/ar-v1/examples?limit=1000")).body;
    const trained = new Set(
      (examples.examples ?? examples.data ?? []).map((e: { prompt?: string; trace?: { prompt: string } }) =>
        (e.trace?.prompt ?? e.prompt ?? "").toLowerCase(),
      ),
    );
    expect(items).toHaveLength(40);
    expect(new Set(items.map((i) => i.prompt)).size).toBe(40);
    for (const i of items) expect(trained.has(i.prompt.toLowerCase())).toBe(false);
  });

  it("takes a dataset's test split, and refuses a split that is empty", async () => {
    const res = await s.api("/api/evals/sets/build", {
      method: "POST",
      json: {
        name: "artest",
        version: "v1",
        source: { kind: "dataset", dataset_key: "ar-v1", split: "test" },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.item_count).toBeGreaterThan(5);
    const none = await s.api("/api/evals/sets/build", {
      method: "POST",
      json: { name: "arval", version: "v1", source: { kind: "dataset", dataset_key: "ar-v1", split: "val" } },
    });
    expect(none.status).toBe(422);
    expect(none.body.errors[0].field).toBe("source/split");
  });
});

describe("evaluation runs", () => {
  it("evaluates init and a trained checkpoint on the held-out set: trained ahead, every item stored", async () => {
    const t = await train({ trainer_options: { lines: 10, checkpoint_every: 5 } });
    await waitForRun(s.api, t.body.run_id, isTerminalStatus);
    const init = await evaluate({
      eval_set: "heldout-v1",
      model: { run_id: t.body.run_id, checkpoint: "init" },
    });
    const final = await evaluate({ eval_set: "heldout-v1", model: { run_id: t.body.run_id } });
    expect(["pending", "running"]).toContain(final.body.status);
    expect(final.status).toBe(202);
    expect(final.body).toMatchObject({
      subject: { checkpoint: "checkpoints/10", requested: "final", step: 10 },
    });
    const [a, b] = [await waitEval(init.body.evaluation_id), await waitEval(final.body.evaluation_id)];
    expect(a.summary).toMatchObject({ n: 40, correct: 0, accuracy: 0, format_rate: 0 });
    expect(a.verdict).toBe("fail");
    expect(b.summary).toMatchObject({ n: 40, correct: 40, accuracy: 1, format_rate: 1 });
    expect(b.verdict).toBe("pass");
    expect(b.summary.ci95[0]).toBeGreaterThan(a.summary.ci95[1]);
    expect(Object.keys(b.summary.by_difficulty)).toEqual(["1"]);
    const items = (await s.api(`/api/evals/runs/${b.evaluation_id}/items?limit=3`)).body;
    expect(items.data[0]).toMatchObject({
      position: 0,
      correct: true,
      format_ok: true,
      extraction: "answer_line",
    });
    expect(items.data[0].output).toMatch(/^Reasoning:\n1\. /);
    expect(items.data[0].reasoning_tokens).toBeGreaterThan(0);
    expect(
      (await s.api(`/api/evals/runs/${a.evaluation_id}/items?filter=wrong&limit=1000`)).body.data,
    ).toHaveLength(40);
    expect((await s.api(`/api/evals/runs/${b.evaluation_id}/items?filter=wrong`)).body.data).toHaveLength(0);
    const run = (await s.api(`/api/tunix/runs/${b.evaluation_id}`)).body;
    expect(run).toMatchObject({ kind: "eval", dataset_key: "heldout-v1" });
    expect(run.final_metrics["eval/accuracy"]).toBe(1);
  });

  it("compares two evaluations of one set item by item, with the paired difference's interval", async () => {
    const t = await train({ trainer_options: { lines: 4, checkpoint_every: 2 } });
    await waitForRun(s.api, t.body.run_id, isTerminalStatus);
    const on = async (set: string, checkpoint: string) =>
      (await evaluate({ eval_set: set, model: { run_id: t.body.run_id, checkpoint } })).body.evaluation_id;
    const [init, final] = [await on("heldout-v1", "init"), await on("heldout-v1", "final")];
    await waitEval(init);
    await waitEval(final);
    const cmp = await s.api(`/api/evals/compare?baseline=${init}&candidate=${final}`);
    expect(cmp.status).toBe(200);
    expect(cmp.body).toMatchObject({
      eval_set: "heldout-v1",
      n: 40,
      both_correct: 0,
      only_candidate: 40,
      only_baseline: 0,
      both_wrong: 0,
      difference: 1,
      conclusion: "candidate_better",
      baseline: { evaluation_id: init, accuracy: 0, subject: { checkpoint: "init" } },
      candidate: { evaluation_id: final, accuracy: 1 },
    });
    expect(cmp.body.ci95[0]).toBeGreaterThan(0.85);
    const back = (await s.api(`/api/evals/compare?baseline=${final}&candidate=${init}`)).body;
    expect(back).toMatchObject({ difference: -1, conclusion: "candidate_worse" });
    const same = (await s.api(`/api/evals/compare?baseline=${final}&candidate=${final}`)).body;
    expect(same).toMatchObject({ difference: 0, conclusion: "no_difference_shown" });

    const other = await on("artest-v1", "final");
    await waitEval(other);
    const mixed = await s.api(`/api/evals/compare?baseline=${init}&candidate=${other}`);
    expect(mixed.status).toBe(422);
    expect(mixed.body.detail).toMatch(/different eval sets \(heldout-v1 and artest-v1\)/);
    const missing = await s.api(`/api/evals/compare?baseline=${init}&candidate=nope`);
    expect(missing.status).toBe(404);
    expect((await s.api(`/api/evals/compare?baseline=${init}`)).status).toBe(422);
  });

  it("evaluates each saved checkpoint while training, marks the best and resolves `best` to it", async () => {
    const t = await train({
      eval_sets: ["heldout-v1"],
      trainer_options: { lines: 30, interval_ms: 50, checkpoint_every: 10 },
    });
    expect(t.status).toBe(202);
    await waitForRun(s.api, t.body.run_id, isTerminalStatus);
    const runId = t.body.run_id;
    let evals: {
      eval_sets: Array<{
        key: string;
        points: Array<{ step: number; status: string; accuracy: number }>;
        best: { step: number } | null;
      }>;
    };
    const end = Date.now() + 30_000;
    for (;;) {
      evals = (await s.api(`/api/tunix/runs/${runId}/evaluations`)).body;
      const pts = evals.eval_sets[0]?.points ?? [];
      if (pts.length === 3 && pts.every((p) => p.status === "completed")) break;
      if (Date.now() > end) throw new Error(`continuous evaluation stuck: ${JSON.stringify(evals)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(evals.eval_sets[0]!.key).toBe("heldout-v1");
    expect(evals.eval_sets[0]!.points.map((p) => p.step)).toEqual([10, 20, 30]);
    expect(evals.eval_sets[0]!.points.every((p) => p.accuracy === 1)).toBe(true);
    expect(evals.eval_sets[0]!.best?.step).toBe(30); // a tie goes to the later step
    const best = await evaluate({ eval_set: "seedfmt-v1", model: { run_id: runId, checkpoint: "best" } });
    expect(best.body.subject).toMatchObject({ requested: "best", step: 30 });
    const listed = (await s.api(`/api/evals/runs?run_id=${runId}&limit=100`)).body.data;
    expect(listed.filter((e: { continuous: boolean }) => e.continuous)).toHaveLength(3);
  });

  it("answers bad requests clearly", async () => {
    const t = await train({ trainer_options: { lines: 4, checkpoint_every: 2 } });
    expect(
      (await evaluate({ eval_set: "nope", model: { run_id: t.body.run_id } })).body.errors[0].field,
    ).toBe("eval_set/0");
    const running = await evaluate({ eval_set: "heldout-v1", model: { run_id: t.body.run_id } });
    expect([409, 202]).toContain(running.status); // 409 while it trains, 202 if it already finished
    await waitForRun(s.api, t.body.run_id, isTerminalStatus);
    const missing = await evaluate({
      eval_set: "heldout-v1",
      model: { run_id: t.body.run_id, checkpoint: "999" },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0]).toEqual({
      field: "model/checkpoint",
      message: expect.stringMatching(/has: 2, 4$/),
    });
    const notTrain = await evaluate({
      eval_set: "heldout-v1",
      model: { run_id: running.body.evaluation_id ?? t.body.run_id, checkpoint: "x" },
    });
    expect(notTrain.status).toBe(422);
    const unknownTrainer = await evaluate({
      eval_set: "heldout-v1",
      model: { trainer: "nope", model_id: "m" },
    });
    expect(unknownTrainer.body.errors[0].field).toBe("model/trainer");
    expect((await s.api("/api/evals/runs/not-a-run")).status).toBe(404);
    expect((await s.api("/api/evals/sets/heldout-v1", { method: "DELETE" })).status).toBe(409);
  });

  it("cancels a running evaluation like any run, and a retry evaluates the same checkpoint", async () => {
    const t = await train({ trainer_options: { lines: 4, checkpoint_every: 4, predict_interval_ms: 200 } });
    await waitForRun(s.api, t.body.run_id, isTerminalStatus);
    const ev = await evaluate({ eval_set: "heldout-v1", model: { run_id: t.body.run_id } });
    const id = ev.body.evaluation_id;
    const end = Date.now() + 20_000;
    while (!((await s.api(`/api/evals/runs/${id}`)).body.progress?.done > 2)) {
      if (Date.now() > end) throw new Error("no progress reported");
      await new Promise((r) => setTimeout(r, 100));
    }
    const live = (await s.api(`/api/evals/runs/${id}`)).body.progress;
    expect(live.total).toBe(40);
    expect(live.items_per_second).toBeGreaterThan(0); // about 5 at 200 ms an item
    expect(live.eta_seconds).toBeGreaterThan(0);
    expect((await s.api(`/api/tunix/runs/${id}/cancel`, { method: "POST" })).status).toBe(200);
    const cancelled = await waitEval(id);
    expect(cancelled).toMatchObject({ status: "cancelled", summary: null });
    const unfinished = await s.api(`/api/evals/compare?baseline=${id}&candidate=${id}`);
    expect(unfinished.status).toBe(409);
    expect(unfinished.body.detail).toMatch(/is cancelled; only completed evaluations can be compared/);
    const retry = await s.api(`/api/tunix/runs/${id}/retry`, { method: "POST" });
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ kind: "eval", retry_of: id });
    const again = (await s.api(`/api/evals/runs/${retry.body.run_id}`)).body;
    expect(again.subject).toEqual(cancelled.subject);
    await s.api(`/api/tunix/runs/${retry.body.run_id}/cancel`, { method: "POST" });
  });
});

describe("the seed's evaluation endpoints", () => {
  it("POST …/evaluate queues an evaluation on the dataset's test split; GET …/evaluation gives score and verdict", async () => {
    const t = await train({ trainer_options: { lines: 4, checkpoint_every: 4 } });
    await waitForRun(s.api, t.body.run_id, isTerminalStatus);
    const none = await s.api(`/api/tunix/runs/${t.body.run_id}/evaluation`);
    expect(none.status).toBe(404);
    expect(none.body.detail).toBe("Evaluation not found");
    const posted = await s.api(`/api/tunix/runs/${t.body.run_id}/evaluate`, { method: "POST" });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({
      run_id: t.body.run_id,
      score: null,
      eval_set: "ar-v1-test",
    });
    await waitForRun(s.api, posted.body.evaluation_id, isTerminalStatus);
    const got = (await s.api(`/api/tunix/runs/${t.body.run_id}/evaluation`)).body;
    expect(got).toMatchObject({
      evaluation_id: posted.body.evaluation_id,
      score: 100,
      verdict: "pass",
      judge: { name: "answer_correctness", version: "2" },
      metrics: { accuracy: 1, format_rate: 1 },
    });
    expect(got.detailed_metrics[0]).toMatchObject({ score: 1, max_score: 1, details: { correct: true } });
    expect(got.detailed_metrics).toHaveLength(got.metrics.n);
    const judge = await s.api(`/api/tunix/runs/${t.body.run_id}/evaluate`, {
      method: "POST",
      json: { judge_override: "gemma-judge" },
    });
    expect(judge.status).toBe(422);
  });
});
