// The leaderboard through the HTTP API over real evaluations (fixture trainer, in-process worker).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQualityServer } from "./model-quality-fixture.js";

let q: Awaited<ReturnType<typeof startQualityServer>>;
beforeAll(async () => {
  q = await startQualityServer();
}, 120_000);
afterAll(() => q.s.close());

interface Row {
  model: {
    key: string;
    run_id: string | null;
    run_name: string | null;
    checkpoint: string;
    step: number | null;
  };
  results: Record<
    string,
    {
      accuracy: number;
      n: number;
      ci95: [number, number];
      evaluations: number;
      contaminated_items: number | null;
      evaluation_id: string;
    }
  >;
}

describe("GET /api/leaderboard", () => {
  it("ranks each model once, by its latest evaluation, with intervals, history and contamination", async () => {
    const res = await q.s.api("/api/leaderboard?eval_set=held-v1,seen-v1");
    expect(res.status).toBe(200);
    const board = res.body;
    expect(board.eval_sets.map((s: { key: string }) => s.key)).toEqual(["held-v1", "seen-v1"]);
    expect(board.sorted_by).toEqual({ eval_set: "held-v1", sort: "-accuracy" });
    const rows = board.data as Row[];
    const names = rows.map((r) => `${r.model.run_name ?? r.model.key}@${r.model.step ?? r.model.checkpoint}`);
    // B is wrong on every 5th item (0.8), A on every 4th (0.75) at both checkpoints; the base model answers nothing.
    expect(names).toEqual(["model B@8", "model A@4", "model A@8", "base:fixture:tiny@init"]);
    expect(new Set(rows.map((r) => r.model.key)).size).toBe(rows.length);
    const a = rows.find((r) => r.model.key === `${q.runs.a}:checkpoints/8`)!;
    const held = a.results["held-v1"]!;
    expect(held).toMatchObject({
      n: 40,
      accuracy: 0.75,
      evaluations: 2,
      evaluation_id: q.evals.a,
      contaminated_items: 0,
    });
    expect(held.ci95[0]).toBeLessThan(0.75);
    expect(held.ci95[1]).toBeGreaterThan(0.75);
    // The set drawn from A's own training data: every item is in it.
    const seen = a.results["seen-v1"]!;
    expect(seen.contaminated_items).toBe(seen.n);
    const base = rows.at(-1)!;
    expect(base.results["held-v1"]).toMatchObject({ accuracy: 0, contaminated_items: null });
    expect(base.results["seen-v1"]).toBeUndefined();
  });

  it("pages one model at a time through the same order, and sorts the other way", async () => {
    const all = (await q.s.api("/api/leaderboard?eval_set=held-v1")).body.data.map((r: Row) => r.model.key);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await q.s.api(
        `/api/leaderboard?eval_set=held-v1&limit=1${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((r: Row) => r.model.key));
      cursor = res.body.pagination.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const asc = (await q.s.api("/api/leaderboard?eval_set=held-v1&sort=accuracy")).body.data.map(
      (r: Row) => r.model.key,
    );
    expect(asc[0]).toMatch(/^base:/);
    expect(asc.at(-1)).toBe(all[0]);
  });

  it("filters by dataset (base models drop out) and trainer; names what is wrong", async () => {
    const byDataset = (await q.s.api("/api/leaderboard?eval_set=held-v1&dataset=mq-v1")).body.data as Row[];
    expect(byDataset.every((r) => r.model.run_id !== null)).toBe(true);
    expect(byDataset).toHaveLength(3);
    expect((await q.s.api("/api/leaderboard?trainer=nobody")).body.data).toEqual([]);
    const unknown = await q.s.api("/api/leaderboard?eval_set=nope-v1");
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe("query/eval_set");
    const badSort = await q.s.api("/api/leaderboard?sort=vibes");
    expect(badSort.status).toBe(422);
    const badCursor = await q.s.api("/api/leaderboard?cursor=abc");
    expect(badCursor.status).toBe(422);
  });

  it("keeps the seed's evaluations list and its {data, pagination} shape", async () => {
    const page = await q.s.api("/api/tunix/evaluations?limit=2&offset=0");
    expect(page.status).toBe(200);
    expect(page.body.pagination).toEqual({ limit: 2, offset: 0, next_offset: 2 });
    expect(page.body.data[0]).toMatchObject({ score: 80, eval_set: "held-v1", run_id: q.runs.b });
    const rest = await q.s.api("/api/tunix/evaluations?limit=100&offset=2");
    // 4 models on held-v1 plus A on seen-v1: 5 latest evaluations, the repeat not listed.
    expect(page.body.data.length + rest.body.data.length).toBe(5);
    expect(rest.body.pagination.next_offset).toBeNull();
  });
});
