// A running run's step of max_steps with its rate and time left, and a pending run's place in the
// queue, on the run's page (GET /api/tunix/runs/{id}) and in the list, from a real worker's run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSmallDataset, startRunServer } from "../run-testing.js";

let s: Awaited<ReturnType<typeof startRunServer>>;
beforeAll(async () => {
  s = await startRunServer();
  await buildSmallDataset(s.api, "p");
});
afterAll(() => s.close());

const submit = async (json: Record<string, unknown>) => {
  const res = await s.api("/api/tunix/run?mode=async", {
    method: "POST",
    json: { dataset_key: "p-v1", model_id: "t", trainer: "fixture", dry_run: false, ...json },
  });
  expect(res.status).toBe(202);
  return res.body.run_id as string;
};

describe("live progress and queue positions", () => {
  it("shows step n of max_steps with a rate and an ETA, and each waiting run's place by priority then age", async () => {
    // One worker slot: the first run trains (a step every 40 ms) while the others wait.
    const first = await submit({ max_steps: 1000, trainer_options: { lines: 1000, interval_ms: 40 } });
    let detail: any;
    for (let i = 0; i < 200; i++) {
      detail = (await s.api(`/api/tunix/runs/${first}`)).body;
      if (detail.progress?.step >= 10 && detail.progress.steps_per_second !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(detail.status).toBe("running");
    expect(detail.queue_position).toBeNull();
    expect(detail.progress).toMatchObject({ total_steps: 1000 });
    expect(detail.progress.step).toBeGreaterThanOrEqual(10);
    expect(detail.progress.steps_per_second).toBeGreaterThan(0);
    // The ETA is what is left at the measured rate.
    const left = (1000 - detail.progress.step) / detail.progress.steps_per_second;
    expect(Math.abs(detail.progress.eta_seconds - left)).toBeLessThanOrEqual(1);

    const b = await submit({ max_steps: 5 });
    const c = await submit({ max_steps: 5 });
    const urgent = await submit({ max_steps: 5, priority: 5 });
    const place = async (id: string) => (await s.api(`/api/tunix/runs/${id}`)).body.queue_position;
    expect([await place(urgent), await place(b), await place(c)]).toEqual([1, 2, 3]);
    expect((await s.api(`/api/tunix/runs/${b}`)).body.progress).toBeNull();

    const list = (await s.api("/api/tunix/runs?limit=10")).body.data as any[];
    const row = (id: string) => list.find((r) => r.run_id === id);
    expect(row(first).progress.total_steps).toBe(1000);
    expect([row(urgent).queue_position, row(b).queue_position, row(c).queue_position]).toEqual([1, 2, 3]);

    // A dry run never queues, so it has neither.
    const dry = await s.api("/api/tunix/run", {
      method: "POST",
      json: { dataset_key: "p-v1", model_id: "t" },
    });
    const dryDetail = (await s.api(`/api/tunix/runs/${dry.body.run_id}`)).body;
    expect([dryDetail.progress, dryDetail.queue_position]).toEqual([null, null]);

    for (const id of [urgent, b, c, first]) await s.api(`/api/tunix/runs/${id}/cancel`, { method: "POST" });
    const after = (await s.api(`/api/tunix/runs/${b}`)).body;
    expect([after.status, after.queue_position]).toEqual(["cancelled", null]);
  });
});
