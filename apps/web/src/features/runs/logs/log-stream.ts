import type { RunStatus } from "@tunix-rt/contracts";
import { isTerminal } from "../run-status";
import type { LogLine } from "./log-buffer";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "ended";

export interface MetricEventPoint {
  name: string;
  step: number;
  value: number;
}

export interface StatusEvent {
  status: RunStatus;
  exit_code: number | null;
  error: string | null;
}

/** The part of EventSource this uses, so tests can drive it with a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (e: MessageEvent<string>) => void): void;
  onerror: ((e: Event) => void) | null;
  close(): void;
}

export interface LogStreamOptions {
  /** The stream's URL for lines after `sinceSeq` (exclusive). */
  url: (sinceSeq: number) => string;
  /** The last seq held: where a new connection resumes. */
  lastSeq: () => number;
  onLine: (line: LogLine) => void;
  onMetric?: (points: MetricEventPoint[]) => void;
  onStatus?: (status: StatusEvent) => void;
  onState?: (state: ConnectionState, retryInMs: number | null) => void;
  createEventSource?: (url: string) => EventSourceLike;
  /** Silence (the server sends a heartbeat every 15 s) this long means the connection is dead. */
  staleMs?: number;
}

const CONNECTING = 0;
/** 0.5 s, 1 s, 2 s, … at most 10 s between our own reconnection attempts. */
export const backoffMs = (attempt: number) => Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));

/**
 * One run's live log stream (SSE), kept connected until the run has ended.
 *
 * - Every `log` event has `id: <seq>`: when the connection drops, EventSource reconnects by
 *   itself and sends Last-Event-ID, so the server resumes after the last line received.
 * - When EventSource gives up (an HTTP error) or the stream goes silent past `staleMs`, a new
 *   connection is opened here with `since_seq` = the last seq held, with backoff.
 * - The server ends the stream after the final status; that end is not a drop.
 * Lines are never repeated as long as the receiver drops seqs it already holds (LogBuffer does).
 */
export class LogStream {
  private es: EventSourceLike | null = null;
  private state: ConnectionState | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private terminal = false;
  private stopped = false;
  /** Connections opened here so far (EventSource's own reconnections are not counted). */
  connections = 0;
  /** Times the connection was lost before the run ended. */
  drops = 0;

  constructor(private readonly opts: LogStreamOptions) {}

  start() {
    this.open();
  }

  /** Closes the connection for good. */
  close() {
    this.stopped = true;
    this.teardown();
  }

  /** Drops the current connection (if any) and opens a new one now, resuming after the last seq. */
  reconnectNow() {
    if (this.stopped || this.state === "ended") return;
    this.attempt = 0;
    this.teardown();
    this.open();
  }

  get connectionState(): ConnectionState | null {
    return this.state;
  }

  private setState(state: ConnectionState, retryInMs: number | null = null) {
    if (state === this.state && retryInMs === null) return;
    this.state = state;
    this.opts.onState?.(state, retryInMs);
  }

  private open() {
    clearTimeout(this.retryTimer);
    const create = this.opts.createEventSource ?? ((url: string) => new EventSource(url));
    const es = create(this.opts.url(this.opts.lastSeq()));
    this.es = es;
    this.connections++;
    this.setState(this.connections === 1 ? "connecting" : "reconnecting");
    const on = (type: string, fn: (e: MessageEvent<string>) => void) =>
      es.addEventListener(type, (e) => {
        if (this.es !== es) return;
        this.armStaleTimer();
        fn(e);
      });
    on("hello", () => {
      this.attempt = 0;
      this.setState("live");
    });
    on("log", (e) => {
      if (this.state !== "live") this.setState("live");
      this.opts.onLine(JSON.parse(e.data) as LogLine);
    });
    on("metric", (e) => this.opts.onMetric?.((JSON.parse(e.data) as { points: MetricEventPoint[] }).points));
    on("status", (e) => {
      const s = JSON.parse(e.data) as StatusEvent;
      if (isTerminal(s.status)) this.terminal = true;
      this.opts.onStatus?.(s);
    });
    on("heartbeat", () => {});
    es.onerror = () => {
      if (this.es === es) this.onError(es);
    };
    this.armStaleTimer();
  }

  private onError(es: EventSourceLike) {
    if (this.terminal) {
      // The server ends the stream after the final status (and the lines written before it).
      this.teardown();
      this.setState("ended");
      return;
    }
    this.drops++;
    if (es.readyState === CONNECTING) {
      // EventSource retries by itself with Last-Event-ID; the stale timer covers a retry that hangs.
      this.setState("reconnecting");
      return;
    }
    // EventSource gave up (an HTTP error, a proxy's page): reconnect ourselves, with backoff.
    this.teardown();
    this.attempt++;
    const wait = backoffMs(this.attempt);
    this.setState("reconnecting", wait);
    this.retryTimer = setTimeout(() => this.open(), wait);
  }

  private armStaleTimer() {
    clearTimeout(this.staleTimer);
    this.staleTimer = setTimeout(() => {
      if (this.stopped || this.state === "ended") return;
      this.drops++;
      this.teardown();
      this.attempt++;
      this.open();
    }, this.opts.staleMs ?? 40_000);
  }

  private teardown() {
    clearTimeout(this.retryTimer);
    clearTimeout(this.staleTimer);
    if (this.es) {
      this.es.onerror = null;
      this.es.close();
      this.es = null;
    }
  }
}
