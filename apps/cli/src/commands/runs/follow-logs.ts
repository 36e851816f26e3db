import { ApiError, type TunixClient } from "@tunix-rt/client";
import type { LogEvent } from "@tunix-rt/contracts";
import { isTerminal } from "../../output/format-runs.js";
import { sseEvents } from "./sse.js";

export interface StatusEvent {
  status: string;
  exit_code: number | null;
  error: string | null;
}

export interface FollowHandlers {
  /** Every line once, in seq order, never one at or below the seq followed from. */
  onLog(line: LogEvent): Promise<void> | void;
  /** Each status change, the current one first. */
  onStatus?(s: StatusEvent): Promise<void> | void;
  onMetric?(data: unknown): Promise<void> | void;
  /** The connection failed or ended before the run did; the next try resumes after `lastSeq`. */
  onReconnecting?(info: { attempt: number; error: unknown; lastSeq: number; delayMs: number }): void;
  onReconnected?(info: { lastSeq: number }): void;
}

export interface FollowOptions {
  client: TunixClient;
  runId: string;
  /** Lines after this seq (0: from the start). */
  sinceSeq: number;
  signal?: AbortSignal;
  /** No bytes for this long (heartbeats come every 15 s) → the connection is dead: reconnect. */
  idleTimeoutMs?: number;
  /** Keep trying to reconnect for this long without a successful connection, then fail. */
  giveUpAfterMs?: number;
  maxDelayMs?: number;
}

export interface FollowResult {
  /** The final status (the stream ends only after it). */
  status: string;
  lastSeq: number;
}

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

/**
 * Follows a run's live log (SSE over fetch) until its final status. The stream replays from
 * `since_seq`, tails live, and ends after the final status; if it drops or ends early (network,
 * server restart), it reconnects with `Last-Event-ID` = the last seq seen, backing off from the
 * server's `retry:` up to `maxDelayMs`, so no line is lost and none is shown twice (lines at or
 * below the last seq are skipped whatever the server sends). The first connection is not retried:
 * a wrong server or run id fails at once.
 */
export async function followLogs(o: FollowOptions, h: FollowHandlers): Promise<FollowResult> {
  const idleMs = o.idleTimeoutMs ?? 45_000;
  const giveUpMs = o.giveUpAfterMs ?? 120_000;
  const maxDelay = o.maxDelayMs ?? 5_000;
  let lastSeq = o.sinceSeq;
  let status: string | null = null;
  let baseDelay = 1000;
  let attempt = 0;
  let failingSince: number | null = null;
  let connected = false;

  for (;;) {
    o.signal?.throwIfAborted();
    const conn = new AbortController();
    const onAbort = () => conn.abort(o.signal?.reason);
    o.signal?.addEventListener("abort", onAbort, { once: true });
    let idle: NodeJS.Timeout | undefined;
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
      const res = await o.client.runStreams.openLogs(o.runId, {
        sinceSeq: lastSeq,
        lastEventId: attempt > 0 || lastSeq > 0 ? lastSeq : undefined,
        signal: conn.signal,
      });
      if (!res.body) throw new Error("the server sent no event stream");
      if (attempt > 0) h.onReconnected?.({ lastSeq });
      connected = true;
      attempt = 0;
      failingSince = null;
      for await (const ev of sseEvents(res.body)) {
        arm();
        if (ev.retry !== null) baseDelay = ev.retry;
        if (ev.event === "log") {
          const line = JSON.parse(ev.data) as LogEvent;
          if (line.seq <= lastSeq) continue;
          await h.onLog(line);
          lastSeq = line.seq;
        } else if (ev.event === "status") {
          const s = JSON.parse(ev.data) as StatusEvent;
          if (s.status !== status) {
            status = s.status;
            await h.onStatus?.(s);
          }
        } else if (ev.event === "metric") await h.onMetric?.(JSON.parse(ev.data));
      }
      // The server ends the stream right after the final status and the lines before it.
      if (status !== null && isTerminal(status)) return { status, lastSeq };
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
    h.onReconnecting?.({ attempt, error, lastSeq, delayMs });
    await sleep(delayMs, o.signal);
  }
}
