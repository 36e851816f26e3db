// A person's name for a run: given at submit, changed or cleared later in any status, kept by a
// retry, shown in the list and the comparison; bad names are refused, naming the field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSmallDataset, isTerminalStatus, startRunServer, waitForRun } from "../run-testing.js";

let s: Awaited<ReturnType<typeof startRunServer>>;
beforeAll(async () => {
  s = await startRunServer();
  await buildSmallDataset(s.api, "n");
});
afterAll(() => s.close());

const base = { dataset_key: "n-v1", model_id: "t", trainer: "fixture", dry_run: false };
const rename = (id: string, json: unknown) => s.api(`/api/tunix/runs/${id}`, { method: "PATCH", json });

describe("run names", () => {
  it("is given at submit, changed and cleared in any status, kept by a retry, listed and compared", async () => {
    const a = (
      await s.api("/api/tunix/run?mode=async", { method: "POST", json: { ...base, name: "  lr 4e-3  " } })
    ).body;
    expect(a.name).toBe("lr 4e-3"); // trimmed
    const done = await waitForRun(s.api, a.run_id, isTerminalStatus);
    expect(done).toMatchObject({ status: "completed", name: "lr 4e-3" });

    const renamed = await rename(a.run_id, { name: "lr 4e-3, warmup 0" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "lr 4e-3, warmup 0", status: "completed" });
    const retried = (await s.api(`/api/tunix/runs/${a.run_id}/retry`, { method: "POST", json: {} })).body;
    expect(retried.name).toBe("lr 4e-3, warmup 0");

    const b = (await s.api("/api/tunix/run?mode=async", { method: "POST", json: base })).body;
    expect(b.name).toBeNull();
    const list = (await s.api("/api/tunix/runs?limit=10")).body.data as Array<{
      run_id: string;
      name: string;
    }>;
    expect(list.find((r) => r.run_id === a.run_id)?.name).toBe("lr 4e-3, warmup 0");
    await waitForRun(s.api, b.run_id, isTerminalStatus);
    await waitForRun(s.api, retried.run_id, isTerminalStatus);
    const cmp = (await s.api(`/api/tunix/runs/compare?ids=${a.run_id},${b.run_id}`)).body;
    expect(cmp.runs.map((r: { name: string | null }) => r.name)).toEqual(["lr 4e-3, warmup 0", null]);

    expect((await rename(a.run_id, { name: null })).body.name).toBeNull();
    expect((await s.api(`/api/tunix/runs/${a.run_id}`)).body.name).toBeNull();
  });

  it("refuses a blank, too long or unknown field, and an unknown run", async () => {
    const r = (await s.api("/api/tunix/run?mode=async", { method: "POST", json: base })).body;
    for (const [json, field] of [
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(201) }, "name"],
      [{ name: "ok", status: "completed" }, ""],
    ] as const) {
      const res = await rename(r.run_id, json);
      expect(res.status, JSON.stringify(json)).toBe(422);
      if (field) expect(JSON.stringify(res.body.errors)).toContain(field);
    }
    expect((await rename("0190c2a0-0000-7000-8000-000000000009", { name: "x" })).status).toBe(404);
    expect((await rename("not-a-uuid", { name: "x" })).status).toBe(404);
    expect((await s.api(`/api/tunix/runs/${r.run_id}`)).body.name).toBeNull();
  });
});
