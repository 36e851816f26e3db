/** One line of an NDJSON stream: its 1-based number and text, or a note that it was too long. */
export type NdjsonLine = { line: number; text: string; tooLong?: false } | { line: number; tooLong: true };

/**
 * Splits a byte stream into lines without ever holding more than one line (capped at
 * `maxLineBytes`) plus one chunk in memory. Over-long lines are reported, not buffered.
 * Blank lines are skipped but still counted so line numbers match the file.
 */
export async function* ndjsonLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonLine> {
  const decoder = new TextDecoder("utf-8");
  let parts: string[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let lineNo = 0;
  const finish = function* (tail: string): Generator<NdjsonLine> {
    lineNo++;
    if (overflow) {
      yield { line: lineNo, tooLong: true };
    } else {
      parts.push(tail);
      const text = parts.join("");
      if (text.trim() !== "") yield { line: lineNo, text };
    }
    parts = [];
    pendingBytes = 0;
    overflow = false;
  };
  for await (const chunk of chunks) {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (!overflow) {
        pendingBytes += piece.length;
        if (pendingBytes > maxLineBytes) {
          overflow = true;
          parts = [];
          decoder.decode(); // drop any partial character state
        } else {
          parts.push(decoder.decode(piece, { stream: nl === -1 }));
        }
      }
      if (nl === -1) break;
      yield* finish("");
      start = nl + 1;
    }
  }
  if (pendingBytes > 0 || overflow || parts.length > 0) yield* finish(decoder.decode());
}
