// Live logs over SSE survive a server restart: a real EventSource client follows a run whose
// trainer (in a separate `tunix-rt worker` process) writes lines slowly, while the `tunix-rt serve`
// process it is connected to is killed (-9) and later stopped (SIGTERM) and restarted on the same
// port. The client reconnects by itself with Last-Event-ID and sees every line exactly once.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiClient,
  freePort,
  Harness,
  oneTo,
  poll,
  seedDataset,
  storedLogs,
  submit,
} from "../../../worker/src/process-tests/process-harness.js";

type Seen =
  | { kind: "hello"; since: number }
  | { kind: "log"; seq: number; line: string; lastEventId: string }
  | { kind: "status"; status: string; at: number };

describe.skipIf(!hasTestPostgres())("SSE resume across a server restart (real EventSource)", () => {
  const h = new Harness();
  let port: number;
  let dataDir: string;

  beforeAll(async () => {
    await h.createDatabase("sse");
    dataDir = h.tempDir("trt-sse-data-");
    port = await freePort();
  });
  afterAll(() => h.cleanup());

  it("reconnects with Last-Event-ID after kill -9 and after SIGTERM; every seq once, in order, then the final status", async () => {
    let serve = await h.startServe({ port, dataDir });
    const api = apiClient(serve.url);
    await seedDataset(api);
    await h.startWorker({ id: "sse-worker", dataDir });
    // It writes until the test creates stop_file, so the run outlives both restarts however slow they are.
    const stopFile = join(h.tempDir("trt-sse-stop-"), "stop");
    const runId = await submit(api, {
      trainer: "until-file",
      trainer_options: { interval_ms: 40, stderr_every: 7, stop_file: stopFile, after: 20 },
    });

    const seen: Seen[] = [];
    let errors = 0;
    const es = new EventSource(`${serve.url}/api/tunix/runs/${runId}/logs`);
    let final = false;
    const finished = new Promise<void>((resolve, reject) => {
      es.addEventListener("hello", (e) => seen.push({ kind: "hello", since: JSON.parse(e.data).since_seq }));
      es.addEventListener("log", (e) => {
        const l = JSON.parse(e.data);
        seen.push({ kind: "log", seq: l.seq, line: l.line, lastEventId: e.lastEventId });
      });
      es.addEventListener("status", (e) => {
        const s = JSON.parse(e.data);
        seen.push({ kind: "status", status: s.status, at: Date.now() });
        if (isTerminalStatus(s.status)) final = true;
      });
      es.onerror = () => {
        errors++;
        // The server ends the stream after the final status (lines may still follow it: see the
        // slow-reader test in run-logs-edge.test.ts), so the client stops when that stream ends.
        if (final) {
          es.close();
          resolve();
        } else if (es.readyState === es.CLOSED) reject(new Error("EventSource gave up"));
      };
    });
    const maxSeq = () => Math.max(0, ...seen.flatMap((s) => (s.kind === "log" ? [s.seq] : [])));

    await poll("30 lines through serve #1", () => maxSeq() >= 30, 20_000);
    serve.child.kill("SIGKILL");
    await serve.exited;
    const atKill = maxSeq();
    serve = await h.startServe({ port, dataDir });
    await poll("lines through serve #2", () => maxSeq() >= atKill + 20, 20_000);
    serve.child.kill("SIGTERM");
    expect((await serve.exited).code).toBe(0);
    const atStop = maxSeq();
    serve = await h.startServe({ port, dataDir });
    await poll("lines through serve #3", () => maxSeq() >= atStop + 10, 20_000);
    writeFileSync(stopFile, "");
    await Promise.race([
      finished,
      new Promise((_, reject) => setTimeout(() => reject(new Error("no final status in 30 s")), 30_000)),
    ]);

    const stored = await storedLogs(h, runId);
    const logs = seen.filter((s) => s.kind === "log");
    const seqs = logs.map((l) => l.seq);
    expect(seqs).toEqual(oneTo(stored.length)); // every seq once, in order, none missing
    expect(logs.map((l) => l.line)).toEqual(stored.map((l) => l.line));
    expect(logs.every((l) => l.lastEventId === String(l.seq))).toBe(true);
    // Every trainer line stored once; stdout and stderr are separate pipes, so only each one's own
    // order is defined.
    const numbers = (stream: string) =>
      stored
        .filter((l) => l.stream === stream && l.line.startsWith("line "))
        .map((l) => Number(l.line.slice(5)));
    const all = [...numbers("stdout"), ...numbers("stderr")].sort((a, b) => a - b);
    expect(all).toEqual(oneTo(all.length));
    for (const stream of ["stdout", "stderr"])
      expect(numbers(stream)).toEqual([...numbers(stream)].sort((a, b) => a - b));
    expect(stored.some((l) => /trainer exited with code 0/.test(l.line))).toBe(true);
    expect(stored.some((l) => l.stream === "stderr")).toBe(true);

    // One hello per connection; each reconnection resumed from the last id the client had seen.
    const hellos = seen.flatMap((s, i) => (s.kind === "hello" ? [{ since: s.since, i }] : []));
    expect(hellos.length).toBeGreaterThanOrEqual(3);
    expect(hellos[0]!.since).toBe(0);
    for (const { since, i } of hellos.slice(1)) {
      const before = seen.slice(0, i).flatMap((s) => (s.kind === "log" ? [s.seq] : []));
      expect(since).toBe(before.at(-1) ?? 0);
    }
    expect(atStop).toBeGreaterThan(atKill);
    expect(errors).toBeGreaterThanOrEqual(3); // two restarts and the end of the final stream
    // Lines kept arriving live after the second restart (the run outlived both).
    const lastHello = hellos.at(-1)!.i;
    expect(seen.slice(lastHello).filter((s) => s.kind === "log").length).toBeGreaterThan(0);

    const statuses = seen.filter((s) => s.kind === "status");
    const last = statuses.at(-1)!;
    expect(last).toMatchObject({ kind: "status", status: "completed" });
    const run = (await api(`/api/tunix/runs/${runId}`)).body;
    expect(run.status).toBe("completed");
    // The final status follows the end of the run promptly (no missed wake-up), as a hang guard.
    const lag = (last as { at: number }).at - Date.parse(run.completed_at);
    expect(lag).toBeLessThan(10_000);
  });
});
