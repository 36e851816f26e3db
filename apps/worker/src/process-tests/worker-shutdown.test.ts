// SIGTERM to a `tunix-rt worker` process: it stops claiming, lets running runs finish within its
// grace period, cancels what is left (worker_shutdown) and exits 0. While it drains it still holds
// its runs: their leases and cancel requests must keep working.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Harness,
  poll,
  readExecutions,
  seedDataset,
  submit,
  waitLine,
  waitStatus,
} from "./process-harness.js";

describe.skipIf(!hasTestPostgres())("SIGTERM to a worker process", () => {
  const h = new Harness();
  let api: Awaited<ReturnType<Harness["startApi"]>>["api"];
  let dataDir: string;
  let shutdownCancelled: any = null; // the long run of the first test, as left by the drained worker

  beforeAll(async () => {
    await h.createDatabase("drain");
    dataDir = h.tempDir("trt-shared-data-");
    api = (await h.startApi(dataDir)).api;
    await seedDataset(api);
  });
  afterAll(() => h.cleanup());

  it("stops claiming, lets a short run finish, cancels a long one after the grace, exits 0", async () => {
    const w = await h.startWorker({ id: "drain-1", dataDir, concurrency: 2, graceSeconds: 3 });
    const short = await submit(api, { trainer_options: { lines: 8, interval_ms: 50 } });
    const long = await submit(api, {
      trainer_options: { lines: 1000, interval_ms: 50, checkpoint_every: 1000 },
    });
    await waitLine(api, short, /^line 2 /);
    await waitLine(api, long, /^line 2 /);
    const t0 = Date.now();
    w.child.kill("SIGTERM");
    await w.waitFor(/stopping: no new runs/);
    const late = await submit(api, { trainer_options: { lines: 1 } });
    const exit = await w.exited;
    const drainMs = Date.now() - t0;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(drainMs).toBeLessThan(20_000); // grace 3 s + SIGTERM grace 3 s; a hang guard only

    expect((await api(`/api/tunix/runs/${short}`)).body).toMatchObject({
      status: "completed",
      exit_code: 0,
      error: null,
    });
    // Submitted while it drained: nobody claimed it.
    expect((await api(`/api/tunix/runs/${late}`)).body.status).toBe("pending");
    const worker = (await api("/api/workers")).body.data.find(
      (x: { worker_id: string }) => x.worker_id === "drain-1",
    );
    expect(worker).toMatchObject({ alive: false, running: 0 });
    expect(w.output()).toMatch(/"run":"[^"]+","status":"cancelled","error":"worker_shutdown"/);
    shutdownCancelled = (await api(`/api/tunix/runs/${long}`)).body;
    await api(`/api/tunix/runs/${late}/cancel`, { method: "POST" });
  });

  it("fixed bug — the long run cancelled at shutdown is never recorded (running → cancelled is refused by finishRun)", () => {
    // Checked right after the worker exited. The worker logged "run was taken from this worker
    // (lease lapsed)" and dropped the outcome; the run stays running until lease recovery.
    expect(shutdownCancelled).toMatchObject({ status: "cancelled", error: "worker_shutdown", attempt: 1 });
    expect(shutdownCancelled.resumable_from).toMatch(/^checkpoints\/\d+$/);
  });

  it("fixed bug — a draining worker stops renewing its leases, so a run that outlives the lease is taken away and executed twice", async () => {
    const marker = h.markerFile();
    const stopFile = join(h.tempDir("trt-stop-"), "stop");
    // Grace (60 s) far longer than the lease (3 s): the run should finish on this worker.
    const w = await h.startWorker({ id: "drain-lease", dataDir, graceSeconds: 60 });
    const run = await submit(api, {
      max_attempts: 2,
      trainer: "until-file",
      trainer_options: { interval_ms: 50, stop_file: stopFile, marker_file: marker },
    });
    await waitLine(api, run, /^line 2$/);
    w.child.kill("SIGTERM");
    // Another worker is around, as in any scaled-out deployment.
    const peer = await h.startWorker({ id: "drain-lease-peer", dataDir });
    // Time for the lease to lapse and be noticed (by the peer within 1 s, by the API within 5 s).
    await poll(
      "the run to be taken away",
      async () => (await api(`/api/tunix/runs/${run}`)).body.attempt === 2,
      9000,
    ).catch(() => false);
    writeFileSync(stopFile, "");
    expect((await w.exited).code).toBe(0);
    const after = await waitStatus(api, run, (x) => isTerminalStatus(x));
    const executions = readExecutions(marker).filter((e) => e.runId === run).length;
    peer.child.kill("SIGTERM");
    expect((await peer.exited).code).toBe(0);
    expect({ status: after.status, attempt: after.attempt, worker: after.worker_id, executions }).toEqual({
      status: "completed",
      attempt: 1,
      worker: "drain-lease",
      executions: 1,
    });
  });

  it("fixed bug — a draining worker does not hear a cancel request until its grace period ends", async () => {
    // A long lease so that lease recovery can't end the run during this test.
    const w = await h.startWorker({ id: "drain-cancel", dataDir, graceSeconds: 10, leaseSeconds: 60 });
    const run = await submit(api, { trainer_options: { lines: 1000, interval_ms: 50 } });
    await waitLine(api, run, /^line 2 /);
    w.child.kill("SIGTERM");
    await w.waitFor(/stopping: no new runs/);
    const t0 = Date.now();
    expect((await api(`/api/tunix/runs/${run}/cancel`, { method: "POST" })).body.status).toBe(
      "cancel_requested",
    );
    const end = await waitStatus(api, run, (s) => isTerminalStatus(s), 20_000);
    const ms = Date.now() - t0;
    await w.exited;
    // Heard within ~1 s (NOTIFY, or the 1 s check) and stopped by SIGTERM: a user cancel, well before 10 s.
    expect({ status: end.status, error: end.error, heardInTime: ms < 6000 }).toEqual({
      status: "cancelled",
      error: null,
      heardInTime: true,
    });
  });
});
