import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LogBuffer, type LogLine } from "./log-buffer";
import { backoffMs, type ConnectionState, type EventSourceLike, LogStream } from "./log-stream";

/** An EventSource the test drives: `emit` delivers an event, `fail` an error. */
class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onerror: ((e: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data: unknown) {
    this.readyState = 1;
    for (const fn of this.listeners.get(type) ?? [])
      fn({ data: JSON.stringify(data) } as MessageEvent<string>);
  }
  /** The connection failed; `retrying` as EventSource does after a drop, or given up (HTTP error). */
  fail(retrying: boolean) {
    this.readyState = retrying ? 0 : 2;
    this.onerror?.(new Event("error"));
  }
}

const line = (seq: number, stream: "stdout" | "stderr" = "stdout"): LogLine => ({
  seq,
  stream,
  line: `line ${seq}`,
  t: "2025-01-01T00:00:00.000Z",
});

function setup() {
  const sources: FakeEventSource[] = [];
  const buffer = new LogBuffer();
  const states: ConnectionState[] = [];
  const statuses: string[] = [];
  const stream = new LogStream({
    url: (since) => `/logs?since_seq=${since}`,
    lastSeq: () => buffer.lastSeq,
    onLine: (l) => buffer.append([l]),
    onStatus: (s) => statuses.push(s.status),
    onState: (s) => states.push(s),
    createEventSource: (url) => {
      const es = new FakeEventSource(url);
      sources.push(es);
      return es;
    },
    staleMs: 40_000,
  });
  return { sources, buffer, states, statuses, stream, last: () => sources[sources.length - 1]! };
}

describe("LogStream", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("goes live on hello and hands over every line", () => {
    const t = setup();
    t.stream.start();
    expect(t.last().url).toBe("/logs?since_seq=0");
    t.last().emit("hello", { since_seq: 0 });
    for (const seq of [1, 2, 3]) t.last().emit("log", line(seq));
    expect(t.buffer.lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(t.states).toEqual(["connecting", "live"]);
    t.stream.close();
  });

  it("leaves a dropped connection to EventSource's own retry (Last-Event-ID), and ignores replayed lines", () => {
    const t = setup();
    t.stream.start();
    t.last().emit("hello", {});
    t.last().emit("log", line(1));
    t.last().emit("log", line(2));
    t.last().fail(true);
    expect(t.states.at(-1)).toBe("reconnecting");
    expect(t.sources).toHaveLength(1);
    expect(t.stream.drops).toBe(1);
    // The browser reconnected; a server that replayed one line too many repeats nothing here.
    t.last().emit("hello", {});
    t.last().emit("log", line(2));
    t.last().emit("log", line(3));
    expect(t.buffer.lines.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(t.states.at(-1)).toBe("live");
    t.stream.close();
  });

  it("reconnects by itself with since_seq and backoff when EventSource gives up", () => {
    const t = setup();
    t.stream.start();
    t.last().emit("hello", {});
    for (const seq of [1, 2, 3, 4]) t.last().emit("log", line(seq));
    t.last().fail(false);
    expect(t.last().closed).toBe(true);
    vi.advanceTimersByTime(backoffMs(1) - 1);
    expect(t.sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.sources).toHaveLength(2);
    expect(t.last().url).toBe("/logs?since_seq=4");
    // It fails again: the next wait is longer.
    t.last().fail(false);
    vi.advanceTimersByTime(backoffMs(2) - 1);
    expect(t.sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(t.sources).toHaveLength(3);
    t.last().emit("hello", {});
    t.last().emit("log", line(5));
    expect(t.buffer.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(t.states.at(-1)).toBe("live");
    t.stream.close();
  });

  it("reconnectNow skips the wait", () => {
    const t = setup();
    t.stream.start();
    t.last().emit("log", line(1));
    t.last().fail(false);
    t.stream.reconnectNow();
    expect(t.sources).toHaveLength(2);
    expect(t.last().url).toBe("/logs?since_seq=1");
    vi.advanceTimersByTime(60_000);
    // The pending retry was cancelled: only the stale timer of the new connection could fire.
    expect(t.sources.length).toBeLessThanOrEqual(3);
    t.stream.close();
  });

  it("treats a silent connection as dead after staleMs", () => {
    const t = setup();
    t.stream.start();
    t.last().emit("hello", {});
    t.last().emit("log", line(7));
    vi.advanceTimersByTime(39_999);
    t.last().emit("heartbeat", { seq: 7 });
    vi.advanceTimersByTime(39_999);
    expect(t.sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.sources).toHaveLength(2);
    expect(t.sources[0]!.closed).toBe(true);
    expect(t.last().url).toBe("/logs?since_seq=7");
    t.stream.close();
  });

  it("ends after the final status when the server closes the stream, and does not reconnect", () => {
    const t = setup();
    t.stream.start();
    t.last().emit("hello", {});
    t.last().emit("status", { status: "running", exit_code: null, error: null });
    t.last().emit("log", line(1));
    t.last().emit("status", { status: "completed", exit_code: 0, error: null });
    // Lines written just before the end still come after the status.
    t.last().emit("log", line(2));
    t.last().fail(true);
    expect(t.states.at(-1)).toBe("ended");
    expect(t.last().closed).toBe(true);
    expect(t.statuses).toEqual(["running", "completed"]);
    expect(t.buffer.lines.map((l) => l.seq)).toEqual([1, 2]);
    vi.advanceTimersByTime(120_000);
    expect(t.sources).toHaveLength(1);
    t.stream.reconnectNow();
    expect(t.sources).toHaveLength(1);
  });

  it("close stops everything", () => {
    const t = setup();
    t.stream.start();
    t.last().fail(false);
    t.stream.close();
    vi.advanceTimersByTime(120_000);
    expect(t.sources).toHaveLength(1);
  });
});
