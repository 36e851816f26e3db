// Postgres drops every connection and refuses new ones for two seconds (a restart, a failover, a
// network blip). Afterwards every process must be listening for NOTIFY again, the run must end,
// and its live log stream must deliver every stored line and end with the final status.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { hasTestPostgres, testPostgresUrl } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Harness,
  oneTo,
  PgRelay,
  poll,
  readSse,
  type SseEvent,
  seedDataset,
  storedLogs,
  submit,
  waitLine,
  waitStatus,
} from "./process-harness.js";

describe.skipIf(!hasTestPostgres())("a two-second Postgres outage", () => {
  const h = new Harness();
  let relay: PgRelay;
  let api: Awaited<ReturnType<Harness["startApi"]>>["api"];
  let url: string;
  let runId = "";

  beforeAll(async () => {
    relay = PgRelay.forUrl(testPostgresUrl()!);
    await relay.open();
    h.serviceUrl = relay.wrap(await h.createDatabase("blip"));
    const server = await h.startApi();
    api = server.api;
    url = server.url;
    await seedDataset(api);
    // A long lease, so the outage can't also cost the worker its run.
    await h.startWorker({ id: "blip-w", leaseSeconds: 30 });
  });
  afterAll(async () => {
    await h.cleanup();
    await relay.cut();
  });

  const listeners = async () =>
    (
      await h.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'",
      )
    )[0]!.n;

  it("fixed bug — a process whose LISTEN reconnect fails never listens again, so live log streams stall", async () => {
    const stopFile = join(h.tempDir("trt-stop-"), "stop");
    runId = await submit(api, {
      trainer: "until-file",
      trainer_options: { interval_ms: 20, stop_file: stopFile, after: 50 },
    });
    const during = readSse(`${url}/api/tunix/runs/${runId}/logs`, 60_000).catch((err: Error) => err);
    await waitLine(api, runId, /^line 20$/);
    await relay.cut();
    // The outage itself: its length is the point. The API says so while it lasts: 503 with the
    // database down (the check gives up after 2 s, within the outage).
    const [sick] = await Promise.all([api("/api/health"), new Promise((r) => setTimeout(r, 2000))]);
    await relay.open();
    expect([sick.status, sick.body.status, sick.body.database.status]).toEqual([503, "unhealthy", "down"]);
    // A client (re)connecting after the outage, while the run is still going. (The stream opened
    // before it may simply stall: without LISTEN its server never hears of new lines.)
    void during;
    const lastSeen = 0;
    let ended = false;
    const after = readSse(`${url}/api/tunix/runs/${runId}/logs?since_seq=${lastSeen}`, 60_000).then((e) => {
      ended = true;
      return e;
    });
    // Once the worker stores lines again, let the run finish.
    const storedNow = (await storedLogs(h, runId)).length;
    await poll(
      "the worker to store lines again",
      async () => (await storedLogs(h, runId)).length > storedNow + 20,
    );
    writeFileSync(stopFile, "");
    const run = await waitStatus(api, runId, (x) => isTerminalStatus(x), 30_000);
    expect(run.status).toBe("completed");
    const streamEnded = await poll("the resumed stream to end", () => ended, 8000).catch(() => false);
    const listening = await listeners();
    expect({ listening, streamEnded }).toEqual({ listening: 2, streamEnded: true });
    const events: SseEvent[] = await after;
    const stored = await storedLogs(h, runId);
    const seqs = events.filter((e) => e.event === "log").map((e) => e.data.seq);
    expect(seqs).toEqual(stored.map((l) => l.seq).filter((q) => q > lastSeen));
    expect(events.filter((e) => e.event === "status").at(-1)?.data.status).toBe("completed");
  });

  it("fixed bug — log lines written during the outage are dropped, not retried", async () => {
    expect(runId).not.toBe("");
    const stored = await storedLogs(h, runId);
    const numbers = stored.filter((l) => l.line.startsWith("line ")).map((l) => Number(l.line.split(" ")[1]));
    const written = Math.max(...numbers); // the trainer numbers its lines; the last one was stored
    const run = (await api(`/api/tunix/runs/${runId}`)).body;
    const missing = oneTo(written).filter((n) => !numbers.includes(n));
    expect({ missing: missing.length ? `${missing[0]}..${missing.at(-1)}` : "", error: run.error }).toEqual({
      missing: "",
      error: null,
    });
  });
});
