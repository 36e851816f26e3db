// Runs side by side through the API: what differed between them, and their final and best metrics,
// from three real fixture runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSmallDataset, isTerminalStatus, startRunServer, waitForRun } from "../run-testing.js";

let s: Awaited<ReturnType<typeof startRunServer>>;
const ids: string[] = [];
beforeAll(async () => {
  s = await startRunServer();
  await buildSmallDataset(s.api, "c");
  // The fixture trainer logs train/loss = 10 / step for `lines` steps.
  for (const [lr, lines] of [
    [0.004, 20],
    [0.002, 20],
    [0.002, 40],
  ] as const) {
    const res = await s.api("/api/tunix/run?mode=async", {
      method: "POST",
      json: {
        dataset_key: "c-v1",
        model_id: "t",
        trainer: "fixture",
        dry_run: false,
        learning_rate: lr,
        trainer_options: { lines },
      },
    });
    ids.push(res.body.run_id);
  }
  for (const id of ids) expect((await waitForRun(s.api, id, isTerminalStatus)).status).toBe("completed");
});
afterAll(() => s.close());

describe("GET /api/tunix/runs/compare", () => {
  it("lists every setting with the differing ones marked, and each run's final and best metrics", async () => {
    const res = await s.api(`/api/tunix/runs/compare?ids=${ids.join(",")}`);
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c.runs.map((r: { run_id: string }) => r.run_id)).toEqual(ids);
    const param = (key: string) => c.params.find((p: { key: string }) => p.key === key);
    expect(param("learning_rate")).toEqual({
      key: "learning_rate",
      values: [0.004, 0.002, 0.002],
      differs: true,
    });
    expect(param("trainer_options.lines")).toEqual({
      key: "trainer_options.lines",
      values: [20, 20, 40],
      differs: true,
    });
    expect(param("trainer")).toMatchObject({ values: ["fixture", "fixture", "fixture"], differs: false });
    expect(
      c.params.filter((p: { differs: boolean }) => p.differs).map((p: { key: string }) => p.key),
    ).toEqual(["learning_rate", "trainer_options.lines"]);
    const loss = c.metrics.find((m: { name: string }) => m.name === "train/loss");
    expect(loss).toEqual({
      name: "train/loss",
      better: "lower",
      final: [0.5, 0.5, 0.25],
      best: [
        { value: 0.5, step: 20 },
        { value: 0.5, step: 20 },
        { value: 0.25, step: 40 },
      ],
    });
  });

  it("keeps the order asked for, and names what is wrong with the request", async () => {
    const reversed = (await s.api(`/api/tunix/runs/compare?ids=${[...ids].reverse().join(",")}`)).body;
    expect(reversed.runs.map((r: { run_id: string }) => r.run_id)).toEqual([...ids].reverse());

    const one = await s.api(`/api/tunix/runs/compare?ids=${ids[0]}`);
    expect(one.status).toBe(422);
    expect(JSON.stringify(one.body)).toContain("name at least two runs");
    const unknown = "0190c2a0-0000-7000-8000-000000000009";
    const missing = await s.api(`/api/tunix/runs/compare?ids=${ids[0]},${unknown}`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain(unknown);
    const many = await s.api(
      `/api/tunix/runs/compare?ids=${Array.from({ length: 9 }, (_, i) => `${i}`).join(",")}`,
    );
    expect(many.status).toBe(422);
    expect(JSON.stringify(many.body)).toContain("at most 8 runs");
    // The path is not taken for a run id.
    expect((await s.api("/api/tunix/runs/compare")).status).toBe(422);
  });
});

describe("GET /api/tunix/runs?sort", () => {
  const order = async (sort: string, limit = 1) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q = `sort=${encodeURIComponent(sort)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await s.api(`/api/tunix/runs?${q}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((r: { run_id: string }) => r.run_id));
      cursor = res.body.pagination.next_cursor;
    } while (cursor);
    return seen;
  };
  const a = () => ids[0]!;
  const b = () => ids[1]!;
  const c = () => ids[2]!;

  it("sorts by a config field, numbers as numbers, ties by id, paging one run at a time", async () => {
    expect(await order("config:learning_rate")).toEqual([b(), c(), a()]);
    expect(await order("-config:learning_rate")).toEqual([a(), c(), b()]);
    expect(await order("-config:trainer_options.lines", 2)).toEqual([c(), b(), a()]);
  });

  it("sorts by a final metric, and puts runs without it last either way", async () => {
    expect(await order("metric:train/loss")).toEqual([c(), a(), b()]);
    expect(await order("-metric:train/loss")).toEqual([b(), a(), c()]);
    const missing = await order("metric:no/such");
    expect(missing).toEqual([a(), b(), c()]);
  });

  it("returns each run's config, so any field can be a column", async () => {
    const res = await s.api("/api/tunix/runs?limit=3");
    expect(res.body.data.map((r: { config: { learning_rate: number } }) => r.config.learning_rate)).toEqual([
      0.002, 0.002, 0.004,
    ]);
  });

  it("refuses an unknown sort and a cursor from another sort, naming the field", async () => {
    const bad = await s.api("/api/tunix/runs?sort=colour");
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("query/sort");
    const first = await s.api("/api/tunix/runs?sort=name&limit=1");
    const other = await s.api(`/api/tunix/runs?sort=status&cursor=${first.body.pagination.next_cursor}`);
    expect(other.status).toBe(422);
    expect(other.body.errors[0].field).toBe("query/cursor");
  });
});
