// Cancellation across processes: the API (this test process) marks the run cancel_requested and
// publishes a NOTIFY; the `tunix-rt worker` process executing it hears it and stops the trainer.
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertRunInvariants,
  Harness,
  seedDataset,
  storedLogs,
  submit,
  waitLine,
  waitStatus,
} from "./process-harness.js";

describe.skipIf(!hasTestPostgres())("cancelling a run executing in another process", () => {
  const h = new Harness();
  let api: Awaited<ReturnType<Harness["startApi"]>>["api"];

  beforeAll(async () => {
    await h.createDatabase("cancel");
    api = (await h.startApi()).api;
    await seedDataset(api);
    await h.startWorker({ id: "cancel-a", concurrency: 2, graceSeconds: 1 });
  });
  afterAll(() => h.cleanup());

  async function cancelAndMeasure(runId: string) {
    await waitLine(api, runId, /^line 5 /);
    const t0 = Date.now();
    const res = await api(`/api/tunix/runs/${runId}/cancel`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "cancel_requested", message: "Run cancellation requested" });
    const run = await waitStatus(api, runId, (s) => isTerminalStatus(s), 15_000);
    const endedMs = Date.now() - t0;
    const note = (await storedLogs(h, runId)).find((l) =>
      /^\[tunix-rt\] cancel: sending SIGTERM/.test(l.line),
    );
    expect(note, "the worker's SIGTERM note").toBeDefined();
    return { run, endedMs, heardMs: note!.t.getTime() - t0 };
  }

  it("the worker hears the cancel and the run is cancelled within ~1 s plus the grace", async () => {
    const runId = await submit(api, {
      trainer_options: { lines: 5000, interval_ms: 20, checkpoint_every: 5000 },
    });
    const { run, endedMs, heardMs } = await cancelAndMeasure(runId);
    console.info(
      `cross-process cancel: SIGTERM sent ${heardMs} ms after the request, cancelled after ${endedMs} ms`,
    );
    expect(run).toMatchObject({ status: "cancelled", error: null, worker_id: "cancel-a" });
    expect(run.resumable_from).toMatch(/^checkpoints\/\d+$/);
    expect(run.stdout).toContain("SIGTERM: saved checkpoint");
    // Hang guards, not speed claims: heard within the 1 s fallback check at worst, ended well within grace.
    expect(heardMs).toBeLessThan(5000);
    expect(endedMs).toBeLessThan(15_000);
  });

  it("a trainer that ignores SIGTERM is killed after the grace and the run still ends cancelled", async () => {
    const runId = await submit(api, {
      trainer_options: { lines: 5000, interval_ms: 20, ignore_sigterm: true },
    });
    const { run, endedMs, heardMs } = await cancelAndMeasure(runId);
    console.info(
      `cross-process cancel (SIGTERM ignored): heard after ${heardMs} ms, cancelled after ${endedMs} ms`,
    );
    expect(run).toMatchObject({ status: "cancelled", error: null });
    const lines = (await storedLogs(h, runId)).map((l) => l.line);
    expect(lines).toContain("ignoring SIGTERM");
    expect(lines).toContain("[tunix-rt] grace period over: SIGKILL");
    expect(lines.at(-1)).toBe("[tunix-rt] trainer exited with signal SIGKILL");
    expect(endedMs).toBeGreaterThanOrEqual(900); // the grace period was honoured
    expect(endedMs).toBeLessThan(15_000);
  });

  it("cancel is idempotent while cancel_requested, and a finished run answers 409", async () => {
    const runId = await submit(api, {
      trainer_options: { lines: 1000, interval_ms: 20, ignore_sigterm: true },
    });
    await waitLine(api, runId, /^line 2 /);
    const first = await api(`/api/tunix/runs/${runId}/cancel`, { method: "POST" });
    const again = await api(`/api/tunix/runs/${runId}/cancel`, { method: "POST" });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.status).toBe("cancel_requested");
    const end = await waitStatus(api, runId, (s) => isTerminalStatus(s));
    expect(end.status).toBe("cancelled");
    const late = await api(`/api/tunix/runs/${runId}/cancel`, { method: "POST" });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ status: 409 });
    const sigterms = (await storedLogs(h, runId)).filter((l) => l.line.includes("cancel: sending SIGTERM"));
    expect(sigterms.length).toBeGreaterThanOrEqual(1);
  });
  it("leaves every stored run consistent with the state machine", async () => {
    expect(await assertRunInvariants((q) => h.query(q))).toBeGreaterThan(0);
  });
});
