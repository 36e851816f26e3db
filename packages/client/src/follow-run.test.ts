// runs.follow against a stub server that misbehaves the ways networks and restarts do: it drops
// the connection mid-stream, ends a stream before the final status, and replays lines the
// client has already seen. The client must print every line exactly once, in order.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { LogEvent } from "@tunix-rt/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "./api-error.js";
import { createClient, type TunixClient } from "./client.js";
import type { FollowOptions } from "./follow-run.js";

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

/** Consumes a follow to its end: the lines, statuses and reconnections it yielded, and its result. */
async function follow(client: TunixClient, options: FollowOptions) {
  const got: number[] = [];
  const statuses: string[] = [];
  const reconnects: number[] = [];
  const iter = client.runs.follow(RUN, options);
  for (;;) {
    const next = await iter.next();
    if (next.done) return { got, statuses, reconnects, result: next.value };
    const ev = next.value;
    if (ev.event === "log") got.push(ev.data.seq);
    else if (ev.event === "status") statuses.push(ev.data.status);
    else if (ev.event === "reconnecting") reconnects.push(ev.data.lastSeq);
  }
}

describe("runs.follow", () => {
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
    const { got, statuses, reconnects, result } = await follow(client, { since: 0, maxDelayMs: 20 });
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(statuses).toEqual(["running", "completed"]);
    expect(reconnects).toEqual([5, 9]);
    expect(result).toEqual({ status: "completed", lastSeq: 12 });
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
    const { got, result } = await follow(client, { since: 2 });
    expect(got).toEqual([3, 4]);
    expect(result.status).toBe("failed");
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
    await expect(follow(client, {})).rejects.toBeInstanceOf(ApiError);
    // A port nothing listens on: the first connection is not retried.
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, "127.0.0.1", r));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const nowhere = createClient({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(follow(nowhere, {})).rejects.toThrow(/fetch failed/);
  });

  it("treats a silent connection as dead and reconnects", async () => {
    const client = await stub((_req, res, n) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      if (n === 0)
        res.write(`${logEvent(1)}`); // then nothing: no heartbeat, no end
      else res.end(`${logEvent(1)}${logEvent(2)}${status("completed")}`);
    });
    const { got, result } = await follow(client, { idleTimeoutMs: 200, maxDelayMs: 10 });
    expect(got).toEqual([1, 2]);
    expect(result.status).toBe("completed");
  });
});
