import { expect } from "vitest";
import { isTerminalStatus, startRunServer, waitForRun } from "../run-testing.js";

export type QualityServer = Awaited<ReturnType<typeof startRunServer>>;

/**
 * A server with known models for ranking, comparing, gating and registering: two trained runs
 * whose fixture predict gets every 4th (A) or every 5th (B) of 40 held-out items wrong, a base
 * model that answers nothing, and an eval set drawn from A's own training data (contaminated).
 */
export async function startQualityServer() {
  const s = await startRunServer();
  const post = (path: string, json: unknown) => s.api(path, { method: "POST", json });
  await post("/api/generators/arithmetic/generate", { count: 80, seed: 11, options: { difficulty: 1 } });
  expect(
    (
      await post("/api/datasets/build", {
        dataset_name: "mq",
        dataset_version: "v1",
        source: "arithmetic",
        limit: 80,
      })
    ).status,
  ).toBe(201);
  const held = await post("/api/evals/sets/build", {
    name: "held",
    version: "v1",
    source: { kind: "generator", generator: "arithmetic", count: 40, seed: 99, exclude_dataset: "mq-v1" },
  });
  expect(held.status, JSON.stringify(held.body)).toBe(201);
  const seen = await post("/api/evals/sets/build", {
    name: "seen",
    version: "v1",
    source: { kind: "dataset", dataset_key: "mq-v1", split: "train" },
  });
  expect(seen.status, JSON.stringify(seen.body)).toBe(201);

  const train = async (name: string, wrongEvery: number) => {
    const res = await post("/api/tunix/run?mode=async", {
      dataset_key: "mq-v1",
      model_id: "tiny",
      trainer: "fixture",
      dry_run: false,
      name,
      trainer_options: { lines: 8, checkpoint_every: 4, predict_wrong_every: wrongEvery },
    });
    expect(res.status).toBe(202);
    const id = res.body.run_id as string;
    expect((await waitForRun(s.api, id, isTerminalStatus)).status).toBe("completed");
    return id;
  };
  const a = await train("model A", 4);
  const b = await train("model B", 5);
  const evaluate = async (model: Record<string, unknown>, set = "held-v1") => {
    const res = await post("/api/evals/runs", { eval_set: set, model });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.evaluation_id as string;
    expect((await waitForRun(s.api, id, isTerminalStatus)).status).toBe("completed");
    return id;
  };
  const evals = {
    aFirst: await evaluate({ run_id: a }),
    b: await evaluate({ run_id: b }),
    base: await evaluate({ trainer: "fixture", model_id: "tiny" }),
    aSeen: await evaluate({ run_id: a }, "seen-v1"),
    aStep4: await evaluate({ run_id: a, checkpoint: "4" }),
    // Evaluated twice: the later one counts, the first is history.
    a: await evaluate({ run_id: a }),
  };
  return { s, post, runs: { a, b }, evals };
}
