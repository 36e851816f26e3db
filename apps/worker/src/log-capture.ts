import type { Readable } from "node:stream";
import type { LogEvent } from "@tunix-rt/contracts";
import { appendLogs, type LogOwner, type ServiceDeps } from "@tunix-rt/services";

const MAX_LINE_CHARS = 16 * 1024; // longer lines are split so one runaway line can't bloat a row
const PARTIAL_FLUSH_MS = 200; // a line without newline is shown after this long
const FLUSH_DELAY_MS = 5; // batches lines arriving together into one insert
const FLUSH_MAX_LINES = 500;
const TAIL_BYTES = 10 * 1024;
const RETRY_BUDGET_MS = 60_000;
// Backpressure (in UTF-16 units, close enough to bytes): past this much unstored output the
// trainer's pipes are paused (its writes block) until the database has caught up to LOW_WATER,
// so a chatty trainer and a slow database cost bounded worker memory, and a run ends soon after
// its trainer does rather than after a backlog of minutes is written.
const HIGH_WATER_CHARS = 4 * 1024 * 1024;
const LOW_WATER_CHARS = 1024 * 1024;
// One insert carries at most this much, however far behind the database is.
const BATCH_MAX_LINES = 5000;
const BATCH_MAX_CHARS = 2 * 1024 * 1024;

const charsOf = (lines: LogEvent[]) => lines.reduce((n, l) => n + l.line.length, 0);

/** The last bytes of a stream, kept whole-line, for the run's stdout/stderr summary. */
class Tail {
  private lines: string[] = [];
  private bytes = 0;
  push(line: string) {
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line) + 1;
    while (this.bytes > TAIL_BYTES && this.lines.length > 1)
      this.bytes -= Buffer.byteLength(this.lines.shift()!) + 1;
  }
  text() {
    return this.lines.join("\n");
  }
}

/**
 * Numbers every stdout/stderr line of a run (one monotonic seq per run, continuing across
 * attempts) and persists them in small batches (each stored batch is announced by appendLogs) so live viewers see lines
 * within milliseconds. Batches are written one at a time, in order.
 */
export class LogCapture {
  private seq: number;
  private buffer: LogEvent[] = [];
  private bufferedChars = 0;
  private readonly sources = new Set<Readable>();
  private paused = false;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private inFlight = false;
  private retryDelay = 0;
  private retryTotal = 0;
  private again = false;
  private readonly tails = { stdout: new Tail(), stderr: new Tail() };
  private readonly open = new Set<Promise<void>>();
  failed: unknown = null;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly runId: string,
    startSeq: number,
    private readonly owner?: LogOwner,
  ) {
    this.seq = startSeq;
  }

  /** Also used for the worker's own notes about the run (stream "stderr", prefixed). */
  line(stream: "stdout" | "stderr", raw: string) {
    // Postgres text cannot hold NUL or unpaired surrogates: they become U+FFFD, not a lost batch.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must go
    const text = raw.replace(/\u0000/g, "\ufffd").toWellFormed();
    for (let i = 0; i < Math.max(1, text.length); ) {
      let end = Math.min(text.length, i + MAX_LINE_CHARS);
      // Never cut between the two halves of a surrogate pair.
      if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end--;
      const part = text.slice(i, end);
      i = end;
      this.buffer.push({ seq: ++this.seq, stream, line: part, t: new Date().toISOString() });
      this.bufferedChars += part.length;
      this.tails[stream].push(part);
    }
    if (this.bufferedChars > HIGH_WATER_CHARS && !this.paused) {
      this.paused = true;
      for (const s of this.sources) s.pause();
    }
    if (this.buffer.length >= FLUSH_MAX_LINES) this.flushSoon(0);
    else this.flushSoon(FLUSH_DELAY_MS);
  }

  attach(source: Readable, stream: "stdout" | "stderr") {
    const decoder = new TextDecoder();
    let partial = "";
    let partialTimer: NodeJS.Timeout | null = null;
    // A partial line already shown is a line: the newline that later ends it adds nothing.
    let partialShown = false;
    const emitPartial = () => {
      partialTimer = null;
      if (partial) {
        this.line(stream, partial);
        partial = "";
        partialShown = true;
      }
    };
    this.sources.add(source);
    if (this.paused) source.pause();
    const done = new Promise<void>((resolve) => {
      source.on("data", (chunk: Buffer) => {
        const text = partial + decoder.decode(chunk, { stream: true });
        const parts = text.split("\n");
        partial = parts.pop() ?? "";
        if (partialShown && parts.length && (parts[0] === "" || parts[0] === "\r")) parts.shift();
        if (text.length) partialShown = false;
        for (const p of parts) this.line(stream, p.endsWith("\r") ? p.slice(0, -1) : p);
        if (partialTimer) clearTimeout(partialTimer);
        partialTimer = partial ? setTimeout(emitPartial, PARTIAL_FLUSH_MS) : null;
      });
      source.on("close", () => {
        this.sources.delete(source);
        if (partialTimer) clearTimeout(partialTimer);
        partial += decoder.decode();
        emitPartial();
        resolve();
      });
    });
    this.open.add(done);
  }

  private flushSoon(ms: number) {
    if (this.timer && ms > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  /**
   * Writes what is buffered. While a write is in flight, new lines keep collecting and go out
   * together as soon as it finishes, so a slow database makes batches bigger, not a queue longer.
   */
  flush(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.writing;
    }
    if (this.buffer.length === 0) return this.writing;
    const batch = this.takeBatch();
    this.inFlight = true;
    this.writing = (async () => {
      try {
        await appendLogs(this.deps, this.runId, batch, this.owner);
        this.retryDelay = 0;
      } catch (err) {
        // The database may be briefly away: keep the batch in front and try again, backing off,
        // for up to a minute; after that the lines are given up and the run's summary says so.
        this.retryDelay = Math.min(5000, this.retryDelay ? this.retryDelay * 2 : 100);
        this.retryTotal += this.retryDelay;
        if (this.retryTotal <= RETRY_BUDGET_MS) {
          this.buffer = [...batch, ...this.buffer];
          this.bufferedChars += charsOf(batch);
          await new Promise((r) => setTimeout(r, this.retryDelay));
          this.again = true;
        } else this.failed ??= err;
      } finally {
        this.inFlight = false;
      }
      if (this.paused && this.bufferedChars < LOW_WATER_CHARS) {
        this.paused = false;
        for (const s of this.sources) s.resume();
      }
      if (this.again || this.buffer.length >= FLUSH_MAX_LINES || this.bufferedChars >= BATCH_MAX_CHARS) {
        this.again = false;
        await this.flush();
      }
    })();
    return this.writing;
  }

  /** The oldest buffered lines, up to one insert's worth. */
  private takeBatch(): LogEvent[] {
    let n = 0;
    let bytes = 0;
    while (n < this.buffer.length && n < BATCH_MAX_LINES && (n === 0 || bytes < BATCH_MAX_CHARS))
      bytes += this.buffer[n++]!.line.length;
    const batch = this.buffer.splice(0, n);
    this.bufferedChars -= bytes;
    return batch;
  }

  /** Waits for the streams to end and every line to be stored. */
  async close(): Promise<void> {
    await Promise.all(this.open);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight || this.buffer.length) {
      await this.writing;
      await this.flush();
    }
  }

  /** Numbers the next line after `seq` if that is further on than where it would have started. */
  continueAfter(seq: number) {
    if (seq > this.seq && this.buffer.length === 0) this.seq = seq;
  }

  get lastSeq() {
    return this.seq;
  }
  tail(stream: "stdout" | "stderr") {
    return this.tails[stream].text();
  }
}
