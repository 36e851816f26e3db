// The regression gate through the HTTP API, on the known models of the quality fixture.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQualityServer } from "./model-quality-fixture.js";

let q: Awaited<ReturnType<typeof startQualityServer>>;
beforeAll(async () => {
  q = await startQualityServer();
  const pinned = await q.post("/api/regression/baselines", {
    name: "held-a",
    model: q.runs.a,
    eval_set: "held-v1",
  });
  expect(pinned.status, JSON.stringify(pinned.body)).toBe(201);
}, 120_000);
afterAll(() => q.s.close());

const check = (body: Record<string, unknown>) =>
  q.post("/api/regression/check", { baseline_name: "held-a", ...body });

describe("regression baselines", () => {
  it("pins a model on an eval set, lists it, re-pins by name, and refuses what cannot be compared", async () => {
    const got = (await q.s.api("/api/regression/baselines/held-a")).body;
    expect(got).toMatchObject({
      name: "held-a",
      eval_set: "held-v1",
      max_drop: 0.02,
      model_key: `${q.runs.a}:checkpoints/8`,
    });
    const again = await q.post("/api/regression/baselines", {
      name: "held-a",
      model: q.runs.a,
      eval_set: "held-v1",
      max_drop: 0.05,
    });
    expect(again.body.max_drop).toBe(0.05);
    const kept = await q.post("/api/regression/baselines", {
      name: "held-a",
      model: q.runs.a,
      eval_set: "held-v1",
    });
    expect(kept.body.max_drop).toBe(0.05);
    await q.post("/api/regression/baselines", {
      name: "held-a",
      model: q.runs.a,
      eval_set: "held-v1",
      max_drop: 0.02,
    });

    const notEvaluated = await q.post("/api/regression/baselines", {
      name: "x",
      model: `${q.runs.b}:4`,
      eval_set: "held-v1",
    });
    expect(notEvaluated.status).toBe(422);
    expect(notEvaluated.body.detail).toContain("no completed evaluation");
    const badName = await q.post("/api/regression/baselines", {
      name: "a b",
      model: q.runs.a,
      eval_set: "held-v1",
    });
    expect(badName.status).toBe(422);
    expect(badName.body.errors[0].field).toBe("name");
    const badRef = await q.post("/api/regression/baselines", {
      name: "y",
      model: "nonsense",
      eval_set: "held-v1",
    });
    expect(badRef.status).toBe(422);
    expect(badRef.body.errors[0].field).toBe("model");
    expect(
      (await q.s.api("/api/regression/baselines")).body.data.map((b: { name: string }) => b.name),
    ).toEqual(["held-a"]);
  });
});

describe("POST /api/regression/check", () => {
  it("fails a model worse by more than allowed beyond noise, saying why with the evidence", async () => {
    const res = await check({ candidate: "base:fixture:tiny" });
    expect(res.status).toBe(200);
    const g = res.body;
    expect(g.verdict).toBe("fail");
    expect(g.reason).toMatch(
      /^Worse than the baseline by more than the allowed 2\.0 points, beyond noise: 0\.0% vs 75\.0% on 40 items/,
    );
    expect(g.ci95[1]).toBeLessThan(-0.02);
    expect(g.flips).toEqual({ improved: 0, regressed: 30 });
    expect(g.mcnemar_p).toBeLessThan(1e-6);
    expect(g.baseline).toMatchObject({ accuracy: 0.75, n: 40, contaminated_items: 0 });
    expect(g.candidate).toMatchObject({ accuracy: 0, contaminated_items: null });
  });

  it("passes a better model; with require_evidence a noisy interval is undecided", async () => {
    const pass = (await check({ candidate: q.runs.b })).body;
    expect(pass.verdict).toBe("pass");
    expect(pass.difference).toBeCloseTo(0.05, 12);
    expect(pass.ci95[0]).toBeLessThan(-0.02);
    expect(pass.reason).toMatch(/^Not shown to be worse than the allowed drop/);
    const strict = (await check({ candidate: q.runs.b, require_evidence: true })).body;
    expect(strict.verdict).toBe("undecided");
    expect(strict.reason).toMatch(/more items would tell/);
    // The same model as its own baseline: no difference, and a pass.
    const same = (await check({ candidate: `${q.runs.a}:final` })).body;
    expect(same).toMatchObject({
      verdict: "pass",
      difference: 0,
      flips: { improved: 0, regressed: 0 },
      mcnemar_p: 1,
    });
  });

  it("is undecided when the candidate has no evaluation on the baseline's set", async () => {
    const g = (await check({ candidate: `${q.runs.b}:4` })).body;
    expect(g).toMatchObject({ verdict: "undecided", difference: null, flips: null });
    expect(g.reason).toContain(`the candidate ${q.runs.b}:4`);
  });

  it("keeps the seed's paths and fields: {name, run_id, metric} and {run_id, baseline_name}", async () => {
    const pinned = await q.post("/api/regression/baselines", {
      name: "seed-style",
      run_id: q.runs.a,
      metric: "answer_correctness",
    });
    expect(pinned.status).toBe(201);
    expect(pinned.body.eval_set).toBe("held-v1");
    const g = (await q.post("/api/regression/check", { run_id: q.runs.b, baseline_name: "seed-style" })).body;
    expect(g).toMatchObject({
      metric_name: "accuracy",
      baseline_value: 0.75,
      current_value: 0.8,
      verdict: "pass",
    });
    expect(g.delta).toBeCloseTo(0.05, 12);
    expect((await q.post("/api/regression/check", { run_id: q.runs.b, baseline_name: "nope" })).status).toBe(
      404,
    );
    const neither = await q.post("/api/regression/check", { baseline_name: "held-a" });
    expect(neither.status).toBe(422);
    expect(neither.body.errors[0].field).toBe("candidate");
  });
});
