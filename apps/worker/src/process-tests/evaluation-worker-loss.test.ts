// An evaluation is a run: when the `tunix-rt worker` evaluating a checkpoint is killed (-9), the
// lease lapses, the evaluation is requeued (attempts left) and another worker scores it from the
// start, with each item's result stored once.
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Harness, poll, seedDataset, submit, waitStatus } from "./process-harness.js";

describe.skipIf(!hasTestPostgres())("an evaluation whose worker is killed", () => {
  const h = new Harness();
  let api: Awaited<ReturnType<Harness["startApi"]>>["api"];
  let dataDir: string;

  beforeAll(async () => {
    await h.createDatabase("evalloss");
    dataDir = h.tempDir("trt-shared-data-");
    api = (await h.startApi(dataDir)).api;
    await seedDataset(api);
  });
  afterAll(() => h.cleanup());

  it("is requeued, finished by another worker, and its results are stored once", async () => {
    const first = await h.startWorker({ id: "eval-victim", dataDir, concurrency: 1 });
    // The fixture's predict takes 80 ms an item here, so the kill lands mid-evaluation.
    const train = await submit(api, {
      trainer_options: { lines: 4, checkpoint_every: 4, predict_interval_ms: 80 },
    });
    expect((await waitStatus(api, train, (s) => s === "completed")).status).toBe("completed");
    const set = await api("/api/evals/sets/build", {
      method: "POST",
      json: {
        name: "loss",
        version: "v1",
        source: { kind: "generator", generator: "arithmetic", count: 60, seed: 2 },
      },
    });
    expect(set.status).toBe(201);
    const ev = await api("/api/evals/runs", {
      method: "POST",
      json: { eval_set: "loss-v1", model: { run_id: train }, max_attempts: 2 },
    });
    expect(ev.status).toBe(202);
    const id = ev.body.evaluation_id as string;
    await poll("progress on the first worker", async () => {
      const d = (await api(`/api/evals/runs/${id}`)).body;
      return d.progress?.done > 5 ? d : undefined;
    });
    first.child.kill("SIGKILL");
    await h.startWorker({ id: "eval-rescuer", dataDir, concurrency: 1 });
    const done = await waitStatus(api, id, (s) => s === "completed" || s === "failed", 60_000);
    expect(done).toMatchObject({ status: "completed", attempt: 2, worker_id: "eval-rescuer" });
    const e = (await api(`/api/evals/runs/${id}`)).body;
    expect(e.summary).toMatchObject({ n: 60, correct: 60, accuracy: 1 });
    const rows = await h.query<{ n: string; distinct: string }>(
      "SELECT count(*) AS n, count(DISTINCT position) AS distinct FROM eval_results WHERE run_id = $1",
      [id],
    );
    expect(rows[0]).toEqual({ n: "60", distinct: "60" });
    expect((await h.query("SELECT 1 FROM evaluations WHERE run_id = $1", [id])).length).toBe(1);
  });
});
