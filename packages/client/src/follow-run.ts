import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { RunStreamEvent, type RunStreamStatus } from "@tunix-rt/contracts/run-stream";
import { ApiError } from "./api-error.js";
import { sseEvents } from "./sse.js";

/** What `runs.follow` yields: the server's stream events, and its own connection changes. */
export type FollowEvent =
  | RunStreamEvent
  /** The connection failed or ended before the run did; the next try resumes after `lastSeq`. */
  | { event: "reconnecting"; data: { attempt: number; error: unknown; lastSeq: number; delayMs: number } }
  | { event: "reconnected"; data: { lastSeq: number } };

export interface FollowOptions {
  /** Lines after this seq (0: from the start). */
  since?: number;
  /** Ends the follow (the iterator then throws the signal's reason). */
  signal?: AbortSignal;
  /** No bytes for this long (heartbeats come every 15 s) → the connection is dead: reconnect. */
  idleTimeoutMs?: number;
  /** Keep trying to reconnect for this long without a successful connection, then fail. */
  giveUpAfterMs?: number;
  maxDelayMs?: number;
}

/** How a follow opens one connection (the client's `runStreams.openLogs`). */
export type OpenRunStream = (
  runId: string,
  o: { sinceSeq: number; lastEventId?: number; signal: AbortSignal },
) => Promise<Response>;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Answers that will not change on a retry: the run is unknown, the request is wrong. */
function isPermanent(err: unknown): boolean {
  return (
    err instanceof ApiError && err.status >= 400 && err.status < 500 && ![408, 425, 429].includes(err.status)
  );
}

/** A server event, parsed against the stream contract; null for an event this client does not know. */
function parseEvent(event: string, data: string): RunStreamEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = RunStreamEvent.safeParse({ event, data: value });
  return parsed.success ? parsed.data : null;
}

/**
 * Follows a run's live stream (SSE over fetch) until its final status, yielding each event once.
 * The stream replays from `since`, tails live, and ends after the final status; if it drops or
 * ends early (network, server restart), it reconnects with `Last-Event-ID` = the last seq seen,
 * backing off from the server's `retry:` up to `maxDelayMs`, so no line is lost and none is
 * yielded twice (lines at or below the last seq are skipped whatever the server sends), and a
 * status is yielded only when it changed. The first connection is not retried: a wrong server or
 * run id fails at once.
 */
export async function* followRun(
  open: OpenRunStream,
  runId: string,
  o: FollowOptions = {},
): AsyncGenerator<FollowEvent, { status: RunStreamStatus["status"]; lastSeq: number }> {
  const idleMs = o.idleTimeoutMs ?? 45_000;
  const giveUpMs = o.giveUpAfterMs ?? 120_000;
  const maxDelay = o.maxDelayMs ?? 5_000;
  let lastSeq = o.since ?? 0;
  let status: RunStreamStatus["status"] | null = null;
  let baseDelay = 1000;
  let attempt = 0;
  let failingSince: number | null = null;
  let connected = false;

  for (;;) {
    o.signal?.throwIfAborted();
    const conn = new AbortController();
    const onAbort = () => conn.abort(o.signal?.reason);
    o.signal?.addEventListener("abort", onAbort, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => conn.abort(new Error(`no data from the server for ${Math.round(idleMs / 1000)}s`)),
        idleMs,
      );
    };
    let error: unknown;
    try {
      arm();
      const res = await open(runId, {
        sinceSeq: lastSeq,
        lastEventId: attempt > 0 || lastSeq > 0 ? lastSeq : undefined,
        signal: conn.signal,
      });
      if (!res.body) throw new Error("the server sent no event stream");
      if (attempt > 0) yield { event: "reconnected", data: { lastSeq } };
      connected = true;
      attempt = 0;
      failingSince = null;
      for await (const raw of sseEvents(res.body)) {
        arm();
        if (raw.retry !== null) baseDelay = raw.retry;
        const ev = parseEvent(raw.event, raw.data);
        if (!ev) continue;
        if (ev.event === "log") {
          if (ev.data.seq <= lastSeq) continue;
          lastSeq = ev.data.seq;
        } else if (ev.event === "status") {
          if (ev.data.status === status) continue;
          status = ev.data.status;
        }
        yield ev;
      }
      // The server ends the stream right after the final status and the lines before it.
      if (status !== null && isTerminalStatus(status)) return { status, lastSeq };
      error = new Error("the server closed the log stream before the run ended");
    } catch (err) {
      if (o.signal?.aborted) throw o.signal.reason ?? err;
      // Nothing to resume before the first connection: a wrong --server fails at once.
      if (isPermanent(err) || !connected) throw err;
      // Our own idle abort surfaces as an AbortError: report why.
      error = conn.signal.aborted && conn.signal.reason instanceof Error ? conn.signal.reason : err;
    } finally {
      clearTimeout(idle);
      o.signal?.removeEventListener("abort", onAbort);
      conn.abort();
    }
    failingSince ??= Date.now();
    if (Date.now() - failingSince > giveUpMs) throw error;
    attempt++;
    const delayMs =
      Math.min(maxDelay, baseDelay * 2 ** Math.min(attempt - 1, 6)) * (0.8 + Math.random() * 0.4);
    yield { event: "reconnecting", data: { attempt, error, lastSeq, delayMs } };
    await sleep(delayMs, o.signal);
  }
}
