import { Buffer } from "node:buffer";

/** One line of an NDJSON stream: its 1-based number and text, or a note that it was too long. */
export type NdjsonLine = { line: number; text: string; tooLong?: false } | { line: number; tooLong: true };

const asBuffer = (c: Uint8Array) =>
  Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);

/**
 * A whole line's bytes as text, exactly as a fresh non-fatal TextDecoder gives it (invalid bytes
 * become U+FFFD, one leading byte order mark is dropped), but without a decoder call per line.
 */
function decodeLine(bytes: Buffer, start: number, end: number): string {
  const text = bytes.toString("utf8", start, end);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Splits a byte stream into lines without ever holding more than one line (capped at
 * `maxLineBytes`) plus one chunk in memory. Over-long lines are reported, not buffered.
 * Blank lines are skipped but still counted so line numbers match the file.
 */
export async function* ndjsonLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonLine> {
  // Bytes of the current line from earlier chunks (copied: a producer may reuse its chunk).
  let parts: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let lineNo = 0;
  const finish = (last: Buffer, start: number, end: number): NdjsonLine | null => {
    lineNo++;
    let out: NdjsonLine | null;
    if (overflow || pendingBytes + (end - start) > maxLineBytes) {
      out = { line: lineNo, tooLong: true };
    } else {
      const text =
        parts.length === 0
          ? decodeLine(last, start, end)
          : decodeLine(Buffer.concat([...parts, last.subarray(start, end)]), 0, pendingBytes + end - start);
      out = text.trim() !== "" ? { line: lineNo, text } : null;
    }
    parts = [];
    pendingBytes = 0;
    overflow = false;
    return out;
  };
  for await (const chunk of chunks) {
    const buf = asBuffer(chunk);
    let start = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(0x0a, start);
      if (nl === -1) {
        if (!overflow) {
          pendingBytes += buf.length - start;
          if (pendingBytes > maxLineBytes) {
            overflow = true;
            parts = [];
          } else {
            parts.push(Buffer.from(buf.subarray(start)));
          }
        }
        break;
      }
      const l = finish(buf, start, nl);
      if (l) yield l;
      start = nl + 1;
    }
  }
  if (pendingBytes > 0 || overflow) {
    const l = finish(Buffer.alloc(0), 0, 0);
    if (l) yield l;
  }
}
