import { JsonValueSplitter } from "./json-values.js";

/**
 * - "ndjson": bytes pass through untouched (the server's line numbers are the file's lines).
 * - "array": a JSON array, re-emitted one element per line.
 * - "objects": pretty-printed JSON object(s), re-emitted one per line.
 */
export type InputKind = "ndjson" | "array" | "objects";

/** Updated as the upload pulls data, read by the progress display. */
export interface ImportCounters {
  bytesRead: number;
  linesSent: number;
  /** The whole input has been read; the server may still be storing the last lines. */
  inputDone?: boolean;
}

/** How far to look for the end of the first line when deciding NDJSON vs a pretty object. */
const SNIFF_MAX_BYTES = 16 * 1024 * 1024;
const NL = 0x0a;
const encoder = new TextEncoder();

function firstNonSpace(buf: Uint8Array, from = 0): number {
  for (let i = from; i < buf.length; i++) {
    const b = buf[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return i;
  }
  return -1;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Decides the kind from the start of the input. `{` is ambiguous: NDJSON when the first line is
 * a whole JSON value, a pretty-printed object when the first line is a lone `{` (what
 * JSON.stringify(x, null, 2) and Python's json.dump(indent=…) write). Anything else stays NDJSON,
 * so a malformed first line is reported as line 1 rather than shifting every line number.
 */
export function sniffKind(head: Uint8Array, complete: boolean): InputKind | null {
  const start = firstNonSpace(head);
  if (start === -1) return complete ? "ndjson" : null;
  if (head[start] === 0x5b /* [ */) return "array";
  if (head[start] !== 0x7b /* { */) return "ndjson";
  const nl = head.indexOf(NL, start);
  if (nl === -1 && !complete) return head.length < SNIFF_MAX_BYTES ? null : "ndjson";
  const line = new TextDecoder().decode(head.subarray(start, nl === -1 ? head.length : nl)).trim();
  return line === "{" ? "objects" : "ndjson";
}

function countNewlines(buf: Uint8Array): number {
  let n = 0;
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) n++;
  return n;
}

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

function stripBom(buf: Uint8Array): Uint8Array {
  return buf[0] === BOM[0] && buf[1] === BOM[1] && buf[2] === BOM[2] ? buf.subarray(3) : buf;
}

/**
 * Turns any supported input into an NDJSON byte stream, pulled lazily so the upload's
 * back-pressure reaches the file: memory holds one chunk (NDJSON) or one element (arrays).
 */
export async function toNdjson(
  source: AsyncIterable<Uint8Array>,
  counters: ImportCounters,
): Promise<{ kind: InputKind; chunks: AsyncGenerator<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  let head: Uint8Array = new Uint8Array(0);
  let done = false;
  let kind: InputKind | null = null;
  while (kind === null) {
    const r = await it.next();
    if (r.done) done = true;
    else {
      counters.bytesRead += r.value.length;
      head = head.length === 0 ? r.value : concat([head, r.value]);
    }
    // A byte order mark would make line 1 invalid JSON; it may arrive split across chunks.
    if (!done && head.length < 3 && BOM.subarray(0, head.length).every((b, i) => head[i] === b)) continue;
    head = stripBom(head);
    kind = sniffKind(head, done);
    if (kind === null && head.length >= SNIFF_MAX_BYTES) kind = "ndjson";
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (head.length) yield head;
    if (!done) {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        counters.bytesRead += r.value.length;
        yield r.value;
      }
    }
    counters.inputDone = true;
  }
  return {
    kind,
    chunks: kind === "ndjson" ? passThrough(rest(), counters) : splitValues(rest(), kind, counters),
  };
}

async function* passThrough(
  chunks: AsyncIterable<Uint8Array>,
  counters: ImportCounters,
): AsyncGenerator<Uint8Array> {
  let last = NL;
  for await (const c of chunks) {
    if (c.length === 0) continue;
    counters.linesSent += countNewlines(c);
    last = c[c.length - 1]!;
    yield c;
  }
  // A last line without a trailing newline is still a line the server will read.
  if (last !== NL) counters.linesSent++;
}

async function* splitValues(
  chunks: AsyncIterable<Uint8Array>,
  kind: "array" | "objects",
  counters: ImportCounters,
): AsyncGenerator<Uint8Array> {
  const splitter = new JsonValueSplitter(kind === "array" ? "array" : "sequence");
  const decoder = new TextDecoder("utf-8");
  const emit = (values: string[]) => {
    counters.linesSent += values.length;
    return encoder.encode(values.map((v) => `${v}\n`).join(""));
  };
  for await (const c of chunks) {
    const values = splitter.push(decoder.decode(c, { stream: true }));
    if (values.length) yield emit(values);
  }
  const values = [...splitter.push(decoder.decode()), ...splitter.end()];
  if (values.length) yield emit(values);
}

/**
 * A pull-based web stream over an async generator: fetch asks for the next chunk only when it
 * has sent the last one, which is what keeps the import in constant memory.
 */
export function toWebStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const r = await chunks.next();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
