// Log capture and log streaming edge cases end to end (in-process server and worker, fixture
// trainers as real subprocesses): partial lines, very long lines, stdout vs stderr, a fast burst,
// slow and many stream readers.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { queryRows, sql } from "@tunix-rt/db";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fixtureTrainers,
  Harness,
  oneTo,
  poll,
  readSse,
  seedDataset,
  submit,
  waitLine,
  waitStatus,
} from "../../../worker/src/process-tests/process-harness.js";
import { startRunServer } from "../run-testing.js";

let s: Awaited<ReturnType<typeof startRunServer>>;
const h = new Harness();
beforeAll(async () => {
  // On the test Postgres server when there is one (quick to start); else the embedded database.
  const databaseUrl = hasTestPostgres() ? await h.createDatabase("logs") : undefined;
  s = await startRunServer({
    workerConcurrency: 2,
    trainers: fixtureTrainers("fixture"),
    ...(databaseUrl ? { databaseUrl, worker: true } : {}),
  });
  await seedDataset(s.api);
});
afterAll(async () => {
  await s.close();
  await h.cleanup();
});

type Line = { seq: number; stream: "stdout" | "stderr"; line: string };
const snapshot = async (runId: string): Promise<Line[]> =>
  (await s.api(`/api/tunix/runs/${runId}/logs?follow=false&limit=100000`)).body.lines;
/** How many lines of a run are stored. */
const snapshotCount = async (runId: string): Promise<number> =>
  Number(
    (await queryRows<{ last_seq: number }>(s.db.db, sql`SELECT last_seq FROM runs WHERE id = ${runId}`))[0]
      ?.last_seq ?? 0,
  );
const trainerLines = (lines: Line[]) => lines.filter((l) => !l.line.startsWith("[tunix-rt] "));

describe("log capture, end to end", () => {
  it("delivers a partial line (no newline) while the trainer is still running, and at exit", async () => {
    const hanging = await submit(s.api, { trainer_options: { lines: 1, partial: true, hang: true } });
    const hit = await waitLine(s.api, hanging, /^no newline at the end$/);
    expect((await s.api(`/api/tunix/runs/${hanging}`)).body.status).toBe("running");
    expect(hit.seq).toBeGreaterThan(0);
    await s.api(`/api/tunix/runs/${hanging}/cancel`, { method: "POST" });
    expect((await waitStatus(s.api, hanging, (x) => isTerminalStatus(x))).status).toBe("cancelled");

    const exiting = await submit(s.api, { trainer_options: { lines: 2, partial: true } });
    expect((await waitStatus(s.api, exiting, (x) => isTerminalStatus(x))).status).toBe("completed");
    const lines = trainerLines(await snapshot(exiting)).map((l) => l.line);
    expect(lines.at(-1)).toBe("no newline at the end");
    expect(lines.filter((l) => l === "no newline at the end").length).toBe(1);
  });

  it("splits a very long line into 16 KiB parts on consecutive seqs", async () => {
    const runId = await submit(s.api, { trainer_options: { lines: 1, long_line: 40_000 } });
    expect((await waitStatus(s.api, runId, (x) => isTerminalStatus(x))).status).toBe("completed");
    const lines = trainerLines(await snapshot(runId));
    const parts = lines.filter((l) => /^x+$/.test(l.line));
    expect(parts.map((p) => p.line.length)).toEqual([16_384, 16_384, 40_000 - 32_768]);
    expect(parts.map((p) => p.seq)).toEqual([parts[0]!.seq, parts[0]!.seq + 1, parts[0]!.seq + 2]);
    // The run's stdout summary stays bounded even so.
    const run = (await s.api(`/api/tunix/runs/${runId}`)).body;
    expect(run.stdout.length).toBeLessThanOrEqual(40_000);
  });

  it("records stdout and stderr as separate streams, each in its own order", async () => {
    const runId = await submit(s.api, { trainer_options: { lines: 12, stderr_every: 4 } });
    expect((await waitStatus(s.api, runId, (x) => isTerminalStatus(x))).status).toBe("completed");
    const lines = trainerLines(await snapshot(runId)).filter((l) => l.line.startsWith("line "));
    const num = (l: Line) => Number(l.line.split(" ")[1]);
    // Two pipes are read independently, so only the order within each stream is defined.
    expect(lines.filter((l) => l.stream === "stderr").map(num)).toEqual([4, 8, 12]);
    expect(lines.filter((l) => l.stream === "stdout").map(num)).toEqual([1, 2, 3, 5, 6, 7, 9, 10, 11]);
    expect(lines.map((l) => l.seq)).toEqual([...lines.map((l) => l.seq)].sort((a, b) => a - b));
    const run = (await s.api(`/api/tunix/runs/${runId}`)).body;
    expect(run.stderr.split("\n").filter((l: string) => l.startsWith("line ")).length).toBe(3);
    expect(run.stdout).not.toMatch(/^line (4|8|12) /m);
    const res = await fetch(`${s.url}/api/tunix/runs/${runId}/logs.txt`);
    const txt = await res.text();
    expect(txt).toMatch(/^\[stderr\] line 8 step 8 /m);
    expect(txt).toMatch(/^line 7 step 7 /m);
  });

  it("stores 20,000 lines written as fast as possible, all of them, in order", async () => {
    const runId = await submit(s.api, { trainer_options: { lines: 20_000 } });
    expect((await waitStatus(s.api, runId, (x) => isTerminalStatus(x), 60_000)).status).toBe("completed");
    const all = await snapshot(runId);
    expect(all.map((l) => l.seq)).toEqual(oneTo(all.length));
    const numbers = all.filter((l) => l.line.startsWith("line ")).map((l) => Number(l.line.split(" ")[1]));
    expect(numbers).toEqual(oneTo(20_000));
    const run = (await s.api(`/api/tunix/runs/${runId}`)).body;
    expect(run.error).toBeNull();
    // The SSE replay of a finished run pages through all of it, then ends with the final status.
    const events = await readSse(`${s.url}/api/tunix/runs/${runId}/logs`);
    const seqs = events.filter((e) => e.event === "log").map((e) => e.data.seq);
    expect(seqs).toEqual(oneTo(all.length));
    expect(events.at(-1)).toMatchObject({ event: "status", data: { status: "completed" } });
    // And a replay from the middle (Last-Event-ID) starts right after it.
    const res = await fetch(`${s.url}/api/tunix/runs/${runId}/logs?follow=false&since_seq=19990`);
    expect(((await res.json()) as { lines: Line[] }).lines[0]!.seq).toBe(19_991);
    const resumed = await fetch(`${s.url}/api/tunix/runs/${runId}/logs`, {
      headers: { "last-event-id": "19995" },
    });
    const body = await resumed.text();
    expect(body).toMatch(/"since_seq":19995/);
    expect(body.match(/^id: \d+$/gm)![0]).toBe("id: 19996");
  });

  it("fixed bug (minor) — more than 10 concurrent log streams make Node warn of a listener leak on the shutdown signal", async () => {
    // Each stream adds an abort listener to the server's one shutdown AbortSignal (run-logs-sse.ts).
    const runId = await submit(s.api, { trainer_options: { lines: 1, hang: true } });
    const warnings: string[] = [];
    const onWarning = (w: Error) => {
      if (w.name === "MaxListenersExceededWarning") warnings.push(w.message);
    };
    process.on("warning", onWarning);
    const controller = new AbortController();
    try {
      const streams = await Promise.all(
        Array.from({ length: 12 }, () =>
          fetch(`${s.url}/api/tunix/runs/${runId}/logs`, { signal: controller.signal }),
        ),
      );
      // The first chunk (the hello event) is written after the stream registered its listeners.
      for (const res of streams) await res.body!.getReader().read();
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      controller.abort();
      await s.api(`/api/tunix/runs/${runId}/cancel`, { method: "POST" });
    }
  });

  it("fixed bug — a client reading slowly gets the final status before the run's last lines", async () => {
    // While a write to a slow client blocks, the run ends; the stream then reads the run's status
    // (terminal), sends it, and only then the lines stored meanwhile (run-logs-sse.ts). A client
    // that stops at the final status, as EventSource users do, never sees those lines.
    const stopFile = join(h.tempDir("trt-stop-"), "stop");
    const runId = await submit(s.api, {
      trainer: "until-file",
      trainer_options: { interval_ms: 1, pad: 4000, stop_file: stopFile },
    });
    await waitLine(s.api, runId, /^line 1\./);
    const res = await fetch(`${s.url}/api/tunix/runs/${runId}/logs`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    try {
      await reader.read(); // the hello event; then this client stops reading for a while
      // Enough output to fill every buffer between the server and this client (~6 MB).
      await poll("1,500 lines", async () => (await snapshotCount(runId)) >= 1500, 30_000, 50);
      writeFileSync(stopFile, "");
      await waitStatus(s.api, runId, (x) => isTerminalStatus(x), 30_000);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } finally {
      // On failure, a stream left unread would hold the server's shutdown to its grace period.
      await reader.cancel().catch(() => {});
      writeFileSync(stopFile, "");
    }
    const kinds = text
      .split("\n\n")
      .map((block) => /^event: (\w+)/m.exec(block)?.[1])
      .filter(Boolean);
    const final = kinds.lastIndexOf("status");
    expect(
      kinds.slice(final + 1).filter((k) => k === "log").length,
      "log events after the final status",
    ).toBe(0);
  });
});
