import type { RunStreamMetricPoint, RunStreamStatus } from "@tunix-rt/contracts";
import { useEffect, useRef, useState } from "react";
import { api } from "../../../shared/api";
import { LogBuffer } from "./log-buffer";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "ended";

export interface RunLogsHandlers {
  onMetric?: (points: RunStreamMetricPoint[]) => void;
  onStatus?: (status: RunStreamStatus) => void;
}

export interface Connection {
  state: ConnectionState;
  /** When the next attempt is due (ms), while reconnecting. */
  retryInMs: number | null;
  /** Follows the page started: one, plus one per "Reconnect now" or after a follow failed outright. */
  connections: number;
  /** Times the connection was lost before the run ended. */
  drops: number;
}

const SNAPSHOT_PAGE = 20_000;
/** 0.5 s, 1 s, 2 s, … at most 10 s between the page's own attempts after a follow failed outright. */
export const backoffMs = (attempt: number) => Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * A run's log lines as they arrive, in one LogBuffer for the page's lifetime: the history in pages
 * of JSON, then the client's `runs.follow` (which resumes with Last-Event-ID after a drop). Renders
 * are batched to one per animation frame, however many lines arrive in it (a replay sends thousands).
 */
export function useRunLogs(runId: string, handlers: RunLogsHandlers) {
  const [buffer] = useState(() => new LogBuffer());
  const [version, setVersion] = useState(0);
  const [connection, setConnection] = useState<Connection>({
    state: "connecting",
    retryInMs: null,
    connections: 0,
    drops: 0,
  });
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  const reconnectRef = useRef<() => void>(() => {});

  useEffect(() => {
    let frame = 0;
    const page = new AbortController();
    let current: AbortController | null = null;
    let connections = 0;
    let drops = 0;
    let state: ConnectionState = "connecting";
    const show = (next: ConnectionState, retryInMs: number | null = null) => {
      state = next;
      if (!page.signal.aborted) setConnection({ state, retryInMs, connections, drops });
    };
    const render = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (!page.signal.aborted) setVersion(buffer.version);
      });
    };
    // Pages of JSON after the last seq held, until a short page: the whole log so far.
    const fetchPages = async () => {
      for (;;) {
        const snap = await api.runs.logs(runId, { sinceSeq: buffer.lastSeq, limit: SNAPSHOT_PAGE });
        if (page.signal.aborted) return;
        const added = buffer.append(snap.lines);
        render();
        if (added === 0 || snap.lines.length < SNAPSHOT_PAGE) return;
      }
    };

    /** Follows until the run ends or the page goes away; "Reconnect now" aborts `current` and goes round. */
    const follow = async () => {
      for (let failures = 0; !page.signal.aborted; ) {
        current = new AbortController();
        const signal = AbortSignal.any([page.signal, current.signal]);
        connections++;
        show(connections === 1 ? "connecting" : "reconnecting");
        try {
          for await (const ev of api.runs.follow(runId, {
            since: buffer.lastSeq,
            signal,
            idleTimeoutMs: 40_000,
          })) {
            if (ev.event === "hello" || ev.event === "reconnected") {
              failures = 0;
              show("live");
            } else if (ev.event === "log") {
              if (state !== "live") show("live");
              if (buffer.append([ev.data])) render();
            } else if (ev.event === "metric") handlersRef.current.onMetric?.(ev.data.points);
            else if (ev.event === "status") handlersRef.current.onStatus?.(ev.data);
            else if (ev.event === "reconnecting") {
              drops++;
              show("reconnecting", ev.data.delayMs);
            }
          }
          show("ended");
          // Anything the stream could not deliver before it ended is fetched once.
          await fetchPages().catch(() => {});
          return;
        } catch {
          if (page.signal.aborted) return;
          if (current.signal.aborted) continue; // "Reconnect now": go round at once
          // The first connection failed (an HTTP error, a proxy's page): try again, with backoff.
          drops++;
          const wait = backoffMs(++failures);
          show("reconnecting", wait);
          await sleep(wait, AbortSignal.any([page.signal, current.signal]));
        }
      }
    };
    reconnectRef.current = () => {
      if (state !== "live" && state !== "ended") current?.abort();
    };
    // Back online after a drop: resume now rather than at the next backoff step.
    const online = () => reconnectRef.current();
    window.addEventListener("online", online);
    // History comes in pages of JSON (several times faster than one event per line), then the
    // stream resumes after the last line fetched; if a page fails, the stream replays instead.
    void fetchPages()
      .catch(() => {})
      .then(follow);
    return () => {
      page.abort();
      cancelAnimationFrame(frame);
      window.removeEventListener("online", online);
    };
  }, [runId, buffer]);

  return { buffer, version, connection, reconnect: () => reconnectRef.current() };
}
