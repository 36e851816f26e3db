// LISTEN/NOTIFY across processes when Postgres drops the listening connections: every process
// must listen again, and a live log stream must still deliver every line and end.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Harness,
  oneTo,
  poll,
  readSse,
  seedDataset,
  storedLogs,
  submit,
  waitLine,
  waitStatus,
} from "./process-harness.js";

describe.skipIf(!hasTestPostgres())("LISTEN connections dropped by the server", () => {
  const h = new Harness();
  let api: Awaited<ReturnType<Harness["startApi"]>>["api"];
  let url: string;
  let listenersAfterDrop = 0;

  beforeAll(async () => {
    await h.createDatabase("notify");
    const server = await h.startApi();
    api = server.api;
    url = server.url;
    await seedDataset(api);
    await h.startWorker({ id: "notify-w" });
  });
  afterAll(() => h.cleanup());

  const listeners = async () =>
    (
      await h.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
      )
    )[0]!.n;

  it("listens again, and a live log stream still gets every line and its final status", async () => {
    expect(await listeners()).toBe(2); // this process's API and the worker process
    const stopFile = join(h.tempDir("trt-stop-"), "stop");
    const runId = await submit(api, {
      trainer: "until-file",
      trainer_options: { interval_ms: 30, stop_file: stopFile, after: 20 },
    });
    const stream = readSse(`${url}/api/tunix/runs/${runId}/logs`, 60_000);
    await waitLine(api, runId, /^line 20$/);
    const killed = await h.query<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
    );
    expect(killed.length).toBe(2);
    await poll("both processes to LISTEN again", async () => (await listeners()) >= 2, 10_000);
    // Reconnects are scheduled 500 ms after the drop; by now any extra one has happened too.
    await new Promise((r) => setTimeout(r, 1000));
    listenersAfterDrop = await listeners();
    writeFileSync(stopFile, "");
    const run = await waitStatus(api, runId, (x) => isTerminalStatus(x), 20_000);
    expect(run.status).toBe("completed");
    const events = await stream;
    const seqs = events.filter((e) => e.event === "log").map((e) => e.data.seq);
    expect(seqs).toEqual(oneTo((await storedLogs(h, runId)).length));
    expect(events.filter((e) => e.event === "status").at(-1)?.data.status).toBe("completed");
    // Cross-process wake-ups work again: a new run is claimed and a cancel reaches the worker.
    const slow = await submit(api, { trainer_options: { lines: 1000, interval_ms: 20 } });
    await waitLine(api, slow, /^line 2 /);
    await api(`/api/tunix/runs/${slow}/cancel`, { method: "POST" });
    await waitLine(api, slow, /cancel: sending SIGTERM/);
    expect((await waitStatus(api, slow, (x) => isTerminalStatus(x))).status).toBe("cancelled");
  });

  it("fixed bug — one dropped LISTEN connection comes back as two per process (each pg 'error' event reconnects)", () => {
    // pg emits 'error' twice for a terminated backend; notify-bus.ts schedules a reconnect on each.
    // Every NOTIFY is then delivered twice, and each further drop doubles the connections again.
    expect(listenersAfterDrop).toBe(2);
  });
});
