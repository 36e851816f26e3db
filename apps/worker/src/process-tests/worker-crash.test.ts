// kill -9 of a `tunix-rt worker` process mid-run: once its lease lapses, another process's
// recovery fails the run as worker_lost, requeues it while attempts remain, or finishes a
// cancellation it had already been asked for. Workers share one data folder, as they must for the
// server to serve the runs' artifacts.
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertRunInvariants,
  Harness,
  isAlive,
  oneTo,
  poll,
  readExecutions,
  seedDataset,
  storedLogs,
  submit,
  waitLine,
  waitStatus,
} from "./process-harness.js";

describe.skipIf(!hasTestPostgres())("kill -9 of a worker process mid-run", () => {
  const h = new Harness();
  let api: Awaited<ReturnType<Harness["startApi"]>>["api"];
  let dataDir: string;
  let requeued = ""; // the max_attempts 2 run, checked again by the metrics test below

  beforeAll(async () => {
    await h.createDatabase("crash");
    dataDir = h.tempDir("trt-shared-data-");
    api = (await h.startApi(dataDir)).api;
    await seedDataset(api);
  });
  afterAll(() => h.cleanup());

  it("fails the run as worker_lost, requeues one with attempts left (seqs continue), cancels a cancel_requested one", async () => {
    const marker = h.markerFile();
    // A long grace keeps the SIGTERM-ignoring run in cancel_requested until the kill.
    const victim = await h.startWorker({ id: "crash-victim", dataDir, concurrency: 3, graceSeconds: 60 });
    const slow = { lines: 80, interval_ms: 50, marker_file: marker };
    const lost = await submit(api, { max_attempts: 1, trainer_options: { ...slow, lines: 400 } });
    const retried = await submit(api, { max_attempts: 2, trainer_options: slow });
    const cancelling = await submit(api, {
      trainer_options: { ...slow, lines: 400, ignore_sigterm: true },
    });
    requeued = retried;
    for (const id of [lost, retried, cancelling]) await waitLine(api, id, /^line 3 /);
    expect((await api(`/api/tunix/runs/${cancelling}/cancel`, { method: "POST" })).body.status).toBe(
      "cancel_requested",
    );
    await waitLine(api, cancelling, /^ignoring SIGTERM$/);
    for (const id of [lost, retried])
      expect((await api(`/api/tunix/runs/${id}`)).body.worker_id).toBe("crash-victim");

    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    const rescuer = h.startWorker({ id: "crash-rescuer", dataDir, concurrency: 2 });

    const failed = await waitStatus(api, lost, (s) => s !== "running");
    const lostAfterMs = Date.now() - killedAt;
    expect(failed).toMatchObject({
      status: "failed",
      error: "worker_lost",
      attempt: 1,
      message: "Run failed: its worker was lost",
    });
    // Found only once the lease (3 s, renewed every 1 s) had lapsed; the upper bound is a hang guard.
    expect(lostAfterMs).toBeGreaterThan(1500);
    expect(lostAfterMs).toBeLessThan(15_000);

    const cancelled = await waitStatus(api, cancelling, (s) => s !== "cancel_requested");
    expect(cancelled).toMatchObject({ status: "cancelled", error: "worker_lost", attempt: 1 });

    await rescuer;
    const done = await waitStatus(api, retried, (s) => s === "completed" || s === "failed", 20_000);
    expect(done).toMatchObject({ status: "completed", attempt: 2, worker_id: "crash-rescuer", error: null });

    const runs = readExecutions(marker);
    expect(runs.filter((e) => e.runId === retried).length).toBe(2);
    expect(runs.filter((e) => e.runId === lost).length).toBe(1);
    expect(runs.filter((e) => e.runId === cancelling).length).toBe(1);
    // The dead worker's trainers lose their stdout and die on their next write.
    for (const e of runs) await poll(`orphaned trainer ${e.pid} to exit`, () => !isAlive(e.pid), 5000);

    const logs = await storedLogs(h, retried);
    expect(logs.map((l) => l.seq)).toEqual(oneTo(logs.length));
    const second = logs.findIndex((l) => l.line.includes("attempt 2 on worker crash-rescuer"));
    expect(second).toBeGreaterThan(0);
    expect(logs.slice(0, second).some((l) => l.line.includes("attempt 1 on worker crash-victim"))).toBe(true);
    expect(logs.slice(0, second).filter((l) => l.line.startsWith("line ")).length).toBeGreaterThanOrEqual(3);
    expect(logs.slice(second).some((l) => l.line.includes("attempt 1"))).toBe(false);
    const attempt2 = logs
      .slice(second)
      .filter((l) => l.line.startsWith("line "))
      .map((l) => Number(l.line.split(" ")[1]));
    expect(attempt2).toEqual(oneTo(80));
    const row = (await h.query("SELECT last_seq FROM runs WHERE id = $1", [retried]))[0];
    expect(row.last_seq).toBe(logs.length);
  });

  it("fixed bug — a requeued attempt re-reads the first attempt's metrics.jsonl, duplicating its points", async () => {
    expect(requeued).not.toBe("");
    const rows = await h.query<{ step: number; n: number }>(
      `SELECT step, count(*)::int AS n FROM run_metrics WHERE run_id = $1 AND name = 'train/loss'
        GROUP BY step HAVING count(*) > 1 ORDER BY step`,
      [requeued],
    );
    // Attempt 2 starts from scratch (steps 1..80); each step should have one point, from attempt 2.
    expect(rows, "steps stored more than once").toEqual([]);
    // All 80: the first attempt's file was once renamed after the new trainer had started, taking
    // that trainer's first points with it now and then.
    const series = (await api(`/api/tunix/runs/${requeued}/metrics`)).body.series;
    expect(series[0]).toMatchObject({ name: "train/loss", total_points: 80 });
  });
  it("leaves every stored run consistent with the state machine", async () => {
    // last_seq is left out here: a kill -9 between a log batch's two statements leaves it behind
    // (a known bug, pinned deterministically in run-state-api.test.ts), and the kill's timing is chance.
    expect(await assertRunInvariants((q) => h.query(q), { lastSeq: false })).toBeGreaterThan(0);
  });
});
