// followLogs against a stub server that misbehaves the ways networks and restarts do: it drops
// the connection mid-stream, ends a stream before the final status, and replays lines the
// client has already seen. The client must print every line exactly once, in order.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError, createClient } from "@tunix-rt/client";
import type { LogEvent } from "@tunix-rt/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { followLogs } from "./follow-logs.js";

const RUN = "0190c2a0-0000-7000-8000-000000000001";
const line = (seq: number): LogEvent => ({
  seq,
  stream: seq % 4 === 0 ? "stderr" : "stdout",
  line: `line ${seq}`,
  t: "2025-01-01T00:00:00.000Z",
});
const logEvent = (seq: number) => `event: log\nid: ${seq}\ndata: ${JSON.stringify(line(seq))}\n\n`;
const status = (s: string) =>
  `event: status\ndata: ${JSON.stringify({ status: s, exit_code: null, error: null })}\n\n`;

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function stub(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  let n = 0;
  server = createServer((req, res) => handler(req, res, n++));
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return createClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

describe("followLogs", () => {
  it("reconnects after drops and early ends, resuming with Last-Event-ID, without gaps or repeats", async () => {
    const asked: Array<{ lastEventId: string | undefined; since: string | null }> = [];
    const client = await stub((req, res, n) => {
      const url = new URL(req.url!, "http://x");
      asked.push({
        lastEventId: req.headers["last-event-id"] as string | undefined,
        since: url.searchParams.get("since_seq"),
      });
      const from = Number(req.headers["last-event-id"] ?? url.searchParams.get("since_seq") ?? 0);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`event: hello\ndata: {}\nretry: 10\n\n${status("running")}`);
      if (n === 0) {
        // Lines 1–5, then the connection breaks mid-event.
        for (let s = from + 1; s <= 5; s++) res.write(logEvent(s));
        res.write('event: log\nid: 6\ndata: {"seq":6,"str');
        setTimeout(() => res.socket?.destroy(), 50);
      } else if (n === 1) {
        // Replays from 2 (as a confused proxy might), then ends cleanly without a final status.
        for (let s = 2; s <= 9; s++) res.write(logEvent(s));
        res.end();
      } else {
        for (let s = from + 1; s <= 12; s++) res.write(logEvent(s));
        res.write(status("completed"));
        res.end();
      }
    });
    const got: number[] = [];
    const statuses: string[] = [];
    const reconnects: number[] = [];
    const r = await followLogs(
      { client, runId: RUN, sinceSeq: 0, maxDelayMs: 20 },
      {
        onLog: (l) => {
          got.push(l.seq);
        },
        onStatus: (s) => {
          statuses.push(s.status);
        },
        onReconnecting: ({ lastSeq }) => reconnects.push(lastSeq),
      },
    );
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(statuses).toEqual(["running", "completed"]);
    expect(reconnects).toEqual([5, 9]);
    expect(r).toEqual({ status: "completed", lastSeq: 12 });
    expect(asked).toEqual([
      { lastEventId: undefined, since: "0" },
      { lastEventId: "5", since: "5" },
      { lastEventId: "9", since: "9" },
    ]);
  });

  it("starts after since_seq and ends on a run that already finished", async () => {
    const client = await stub((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      // The final status comes before the last lines (stored just before it): they still count.
      res.end(`${logEvent(3)}${status("failed")}${logEvent(4)}`);
    });
    const got: number[] = [];
    const r = await followLogs({ client, runId: RUN, sinceSeq: 2 }, { onLog: (l) => void got.push(l.seq) });
    expect(got).toEqual([3, 4]);
    expect(r.status).toBe("failed");
  });

  it("gives up on a permanent error and on a first connection that fails", async () => {
    const client = await stub((_req, res) => {
      res.writeHead(404, { "content-type": "application/problem+json" });
      res.end(
        JSON.stringify({
          type: "about:blank",
          title: "Not Found",
          status: 404,
          detail: "Tunix run not found",
        }),
      );
    });
    await expect(followLogs({ client, runId: RUN, sinceSeq: 0 }, { onLog: () => {} })).rejects.toBeInstanceOf(
      ApiError,
    );
    // A port nothing listens on: the first connection is not retried.
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, "127.0.0.1", r));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const nowhere = createClient({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(
      followLogs({ client: nowhere, runId: RUN, sinceSeq: 0 }, { onLog: () => {} }),
    ).rejects.toThrow(/fetch failed/);
  });

  it("treats a silent connection as dead and reconnects", async () => {
    const client = await stub((_req, res, n) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (n === 0)
        res.write(`${logEvent(1)}`); // then nothing: no heartbeat, no end
      else res.end(`${logEvent(1)}${logEvent(2)}${status("completed")}`);
    });
    const got: number[] = [];
    const r = await followLogs(
      { client, runId: RUN, sinceSeq: 0, idleTimeoutMs: 200, maxDelayMs: 10 },
      { onLog: (l) => void got.push(l.seq) },
    );
    expect(got).toEqual([1, 2]);
    expect(r.status).toBe("completed");
  });
});
