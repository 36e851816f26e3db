// A server-sent events parser (the WHATWG "text/event-stream" interpretation), so the CLI can read
// the live log over plain fetch: Node has no EventSource, and we want our own reconnect policy.

export interface SseEvent {
  /** "message" when the event named none. */
  event: string;
  data: string;
  /** The event's `id:`, or null when it set none (the last id stays as it was). */
  id: string | null;
  /** `retry:` in ms when the event carried one. */
  retry: number | null;
}

/**
 * Incremental parser: feed it text chunks as they arrive (split anywhere, even inside a CRLF),
 * get back the events they complete. Lines end in LF, CR or CRLF; `:` lines are comments; data
 * lines join with LF; an event with no data is not dispatched (per the spec), but its retry is kept.
 */
export class SseParser {
  private buffer = "";
  private pendingCr = false;
  private event = "";
  private data: string[] = [];
  private id: string | null = null;
  private retry: number | null = null;
  private started = false;

  feed(chunk: string): SseEvent[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR at the end of the last chunk already ended its line; an LF right after it is its pair.
    if (this.pendingCr && text.startsWith("\n")) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const out: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.buffer.slice(start, i);
      if (c === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i++;
        } else this.pendingCr = true;
      }
      start = i + 1;
      const ev = this.line(line);
      if (ev) out.push(ev);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.event = value;
        break;
      case "data":
        this.data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) this.id = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const ev: SseEvent = {
      event: this.event || "message",
      data: this.data.join("\n"),
      id: this.id,
      retry: this.retry,
    };
    const hadData = this.data.length > 0;
    this.event = "";
    this.data = [];
    this.id = null;
    this.retry = null;
    return hadData ? ev : null;
  }
}

/** The events of an SSE response body, as they arrive. An incomplete last event is dropped. */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      yield* parser.feed(decoder.decode(value, { stream: true }));
    }
    yield* parser.feed(decoder.decode());
  } finally {
    // Leaving early (a watchdog, Ctrl-C) closes the connection instead of leaving it open.
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
