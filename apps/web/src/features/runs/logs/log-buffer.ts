import type { LogEvent } from "@tunix-rt/contracts";

export type LogLine = LogEvent;

/**
 * The lines of one run in seq order, each held once. The server numbers every line (seq, from 1)
 * and always sends them in order, so "newer than the last one held" is the whole de-duplication:
 * a replay after a reconnect (Last-Event-ID or since_seq) can repeat nothing. Past `max` lines the
 * oldest are dropped (logs.txt still has them): the browser's scroll height has a limit too.
 */
export class LogBuffer {
  readonly lines: LogLine[] = [];
  lastSeq = 0;
  /** Lines dropped from the front so far. */
  dropped = 0;
  /** Changes on every append or drop: what a view re-renders on. */
  version = 0;

  constructor(readonly max = 1_000_000) {}

  /** Appends the lines newer than the last one held; returns how many were new. */
  append(batch: readonly LogLine[]): number {
    let added = 0;
    for (const l of batch) {
      if (l.seq <= this.lastSeq) continue;
      this.lines.push(l);
      this.lastSeq = l.seq;
      added++;
    }
    if (this.lines.length > this.max) {
      const n = this.lines.length - this.max + Math.floor(this.max / 10);
      this.lines.splice(0, n);
      this.dropped += n;
    }
    if (added) this.version++;
    return added;
  }

  get size(): number {
    return this.lines.length;
  }
}

/**
 * The indexes of the buffer's lines that match a search, kept up to date incrementally: new lines
 * are scanned as they arrive, so a filter over 100,000 lines costs nothing per incoming line.
 */
export class LogFilter {
  private query = "";
  private stderrOnly = false;
  private dropped = -1;
  private scanned = 0;
  private buffer: LogBuffer | null = null;
  matches: number[] = [];

  /** True when nothing is filtered: every line shows. */
  static isEmpty(query: string, stderrOnly: boolean): boolean {
    return query === "" && !stderrOnly;
  }

  update(buffer: LogBuffer, query: string, stderrOnly: boolean): number[] {
    const q = query.toLowerCase();
    if (
      buffer !== this.buffer ||
      q !== this.query ||
      stderrOnly !== this.stderrOnly ||
      buffer.dropped !== this.dropped
    ) {
      this.buffer = buffer;
      this.query = q;
      this.stderrOnly = stderrOnly;
      this.dropped = buffer.dropped;
      this.scanned = 0;
      this.matches = [];
    }
    const lines = buffer.lines;
    if (this.scanned < lines.length) {
      // A new array, so a view memoised on it sees the change.
      const next = this.matches.slice();
      for (let i = this.scanned; i < lines.length; i++) {
        const l = lines[i]!;
        if (this.stderrOnly && l.stream !== "stderr") continue;
        if (q && !l.line.toLowerCase().includes(q)) continue;
        next.push(i);
      }
      this.scanned = lines.length;
      this.matches = next;
    }
    return this.matches;
  }
}

/** `text` cut into the parts that match `query` (case-insensitive) and the parts between. */
export function highlightParts(text: string, query: string): { text: string; match: boolean }[] {
  if (!query) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  // A few characters change length when lower-cased; offsets would then be wrong.
  if (lower.length !== text.length) return [{ text, match: lower.includes(q) }];
  const parts: { text: string; match: boolean }[] = [];
  let from = 0;
  for (;;) {
    const at = lower.indexOf(q, from);
    if (at < 0) break;
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + q.length), match: true });
    from = at + q.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

/** The rows a window of `height` px scrolled to `scrollTop` shows, with `overscan` rows either side. */
export function visibleRange(
  scrollTop: number,
  height: number,
  rowHeight: number,
  total: number,
  overscan = 10,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}
