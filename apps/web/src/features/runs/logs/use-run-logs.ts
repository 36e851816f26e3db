import { useEffect, useRef, useState } from "react";
import { api } from "../../../shared/api";
import { LogBuffer } from "./log-buffer";
import { type ConnectionState, LogStream, type MetricEventPoint, type StatusEvent } from "./log-stream";

export interface RunLogsHandlers {
  onMetric?: (points: MetricEventPoint[]) => void;
  onStatus?: (status: StatusEvent) => void;
}

export interface Connection {
  state: ConnectionState;
  /** When the next attempt of ours is due (ms), while reconnecting after EventSource gave up. */
  retryInMs: number | null;
  /** Connections opened so far; more than one means it dropped and resumed. */
  connections: number;
  /** Times the connection was lost before the run ended. */
  drops: number;
}

const SNAPSHOT_PAGE = 20_000;

/**
 * A run's log lines as they arrive over SSE, in one LogBuffer for the page's lifetime. Renders are
 * batched to one per animation frame, however many lines arrive in it (a replay sends thousands).
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
  const streamRef = useRef<LogStream | null>(null);

  useEffect(() => {
    let frame = 0;
    let disposed = false;
    const render = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (!disposed) setVersion(buffer.version);
      });
    };
    // Pages of JSON after the last seq held, until a short page: the whole log so far.
    const fetchPages = async () => {
      for (;;) {
        const snap = await api.runs.logs(runId, { sinceSeq: buffer.lastSeq, limit: SNAPSHOT_PAGE });
        if (disposed) return;
        const added = buffer.append(snap.lines);
        render();
        if (added === 0 || snap.lines.length < SNAPSHOT_PAGE) return;
      }
    };
    // After the final status: anything the stream could not deliver before it ended is fetched once.
    const catchUp = () =>
      fetchPages().catch(() => {
        // The stream delivered what it could; a failed catch-up leaves that shown.
      });
    const stream = new LogStream({
      url: (since) => api.runs.logsUrl(runId, since),
      lastSeq: () => buffer.lastSeq,
      onLine: (line) => {
        if (buffer.append([line])) render();
      },
      onMetric: (points) => handlersRef.current.onMetric?.(points),
      onStatus: (status) => handlersRef.current.onStatus?.(status),
      onState: (state, retryInMs) => {
        if (disposed) return;
        setConnection({ state, retryInMs, connections: stream.connections, drops: stream.drops });
        if (state === "ended") void catchUp();
      },
    });
    streamRef.current = stream;
    // Back online after a drop: resume now rather than at the next backoff step.
    const online = () => {
      if (stream.connectionState !== "live") stream.reconnectNow();
    };
    window.addEventListener("online", online);
    // History comes in pages of JSON (several times faster than one event per line), then the
    // stream resumes after the last line fetched; if a page fails, the stream replays instead.
    void fetchPages()
      .catch(() => {})
      .then(() => {
        if (!disposed) stream.start();
      });
    return () => {
      disposed = true;
      cancelAnimationFrame(frame);
      window.removeEventListener("online", online);
      stream.close();
      streamRef.current = null;
    };
  }, [runId, buffer]);

  return {
    buffer,
    version,
    connection,
    reconnect: () => streamRef.current?.reconnectNow(),
  };
}
