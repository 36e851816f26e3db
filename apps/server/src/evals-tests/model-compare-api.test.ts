// Model against model on one eval set, through the HTTP API: counts, exact McNemar and bootstrap,
// the flipped items, and one item's two outputs aligned step by step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQualityServer } from "./model-quality-fixture.js";

let q: Awaited<ReturnType<typeof startQualityServer>>;
beforeAll(async () => {
  q = await startQualityServer();
}, 120_000);
afterAll(() => q.s.close());

const pair = () => `baseline=${q.evals.a}&candidate=${q.evals.b}`;

describe("model vs model", () => {
  it("counts the flips and tests them: exact McNemar and a seeded paired bootstrap", async () => {
    // A is wrong on items 0, 4, …, 36; B on 0, 5, …, 35: both on 0 and 20.
    const res = await q.s.api(`/api/evals/compare?${pair()}`);
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c).toMatchObject({ n: 40, both_correct: 24, only_candidate: 8, only_baseline: 6, both_wrong: 2 });
    expect(c.difference).toBeCloseTo(0.05, 12);
    // scipy.stats.binomtest(6, 14).pvalue
    expect(c.mcnemar_p).toBeCloseTo(0.79052734375, 12);
    expect(c.bootstrap.resamples).toBe(2000);
    expect(c.bootstrap.ci95[0]).toBeLessThan(0.05);
    expect(c.bootstrap.ci95[1]).toBeGreaterThan(0.05);
    expect((await q.s.api(`/api/evals/compare?${pair()}`)).body.bootstrap).toEqual(c.bootstrap);
    expect(c.contaminated_items).toEqual({ baseline: 0, candidate: 0 });
  });

  it("lists the flipped items in order, each kind on its own, paged", async () => {
    const flipped = (await q.s.api(`/api/evals/compare/items?${pair()}`)).body.data;
    expect(flipped).toHaveLength(14);
    const improved = (await q.s.api(`/api/evals/compare/items?${pair()}&change=improved`)).body.data;
    expect(improved.map((i: { position: number }) => i.position)).toEqual([4, 8, 12, 16, 24, 28, 32, 36]);
    expect(improved[0]).toMatchObject({ change: "improved", contaminated: false });
    expect(improved[0].baseline.correct).toBe(false);
    expect(improved[0].candidate.correct).toBe(true);
    expect(improved[0].candidate.extracted).toBe(improved[0].expected_answer);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await q.s.api(
        `/api/evals/compare/items?${pair()}&change=regressed&limit=4${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...res.body.data.map((i: { position: number }) => i.position));
      cursor = res.body.pagination.next_cursor;
    } while (cursor);
    expect(seen).toEqual([5, 10, 15, 25, 30, 35]);
    const bad = await q.s.api(`/api/evals/compare/items?${pair()}&change=sideways`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("query/change");
  });

  it("shows one item's two outputs as aligned steps with the first divergence", async () => {
    const res = await q.s.api(`/api/evals/compare/items/5?${pair()}`);
    expect(res.status).toBe(200);
    const item = res.body;
    expect(item.change).toBe("regressed");
    const answer = Number(item.expected_answer);
    expect(item.baseline_steps).toEqual([
      { i: 0, type: "reasoning", content: `Compute the expression: ${answer}` },
    ]);
    expect(item.candidate_steps[0].content).toBe(`Compute the expression: ${answer + 1}`);
    expect(item.alignment).toEqual({
      pairs: [{ kind: "changed", base_index: 0, other_index: 0 }],
      first_divergence: 0,
    });
    expect((await q.s.api(`/api/evals/compare/items/400?${pair()}`)).status).toBe(404);
    expect((await q.s.api(`/api/evals/compare/items/x?${pair()}`)).status).toBe(422);
  });

  it("compares two checkpoints of one run the same way, and refuses evaluations of different sets", async () => {
    const steps = (await q.s.api(`/api/evals/compare?baseline=${q.evals.aStep4}&candidate=${q.evals.a}`))
      .body;
    expect(steps).toMatchObject({
      only_candidate: 0,
      only_baseline: 0,
      mcnemar_p: 1,
      conclusion: "no_difference_shown",
    });
    const other = await q.s.api(`/api/evals/compare/items?baseline=${q.evals.a}&candidate=${q.evals.aSeen}`);
    expect(other.status).toBe(422);
    expect(other.body.detail).toContain("different eval sets");
  });

  it("flags items the candidate was trained on", async () => {
    // A on the set drawn from its own training data: every item is flagged.
    const all = await q.s.api(
      `/api/evals/compare/items?baseline=${q.evals.aSeen}&candidate=${q.evals.aSeen}&change=all&limit=3`,
    );
    expect(all.body.data.every((i: { contaminated: boolean }) => i.contaminated)).toBe(true);
  });
});
