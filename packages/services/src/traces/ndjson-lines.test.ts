import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type NdjsonLine, ndjsonLines } from "./ndjson-lines.js";

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytesOf = (s: string) => enc.encode(s).length;

async function* fromChunks(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}
/** Cuts `bytes` at the given offsets (any byte offset, so inside multi-byte characters too). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.min(Math.max(c, 0), bytes.length)))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p)); // empty chunks included on purpose
    prev = p;
  }
  return out;
}
async function collect(input: string | Uint8Array[], max = 1 << 20): Promise<NdjsonLine[]> {
  const chunks = typeof input === "string" ? [enc.encode(input)] : input;
  const out: NdjsonLine[] = [];
  for await (const l of ndjsonLines(fromChunks(chunks), max)) out.push(l);
  return out;
}

/** What ndjsonLines must yield for `lines` joined by "\n". */
function expected(lines: string[], max: number): NdjsonLine[] {
  const out: NdjsonLine[] = [];
  lines.forEach((text, k) => {
    if (bytesOf(text) > max) out.push({ line: k + 1, tooLong: true });
    else if (text.trim() !== "") out.push({ line: k + 1, text });
  });
  return out;
}

describe("ndjsonLines: examples", () => {
  it("yields each line with its 1-based number; blank lines are skipped but counted", async () => {
    expect(await collect('{"a":1}\n\n   \n{"b":2}\n')).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
    ]);
  });

  it("a last line without a trailing newline is yielded; a trailing newline adds no line", async () => {
    expect(await collect("a\nb")).toEqual([
      { line: 1, text: "a" },
      { line: 2, text: "b" },
    ]);
    expect(await collect("a\nb\n")).toEqual([
      { line: 1, text: "a" },
      { line: 2, text: "b" },
    ]);
    expect(await collect("")).toEqual([]);
    expect(await collect("\n\n\n")).toEqual([]);
  });

  it("CRLF: the \\r stays at the end of the text (JSON.parse ignores it); a lone \\r line is blank", async () => {
    const got = await collect('{"a":1}\r\n\r\n{"b":2}\r\n');
    expect(got).toEqual([
      { line: 1, text: '{"a":1}\r' },
      { line: 3, text: '{"b":2}\r' },
    ]);
    expect(got.map((l) => ("text" in l ? JSON.parse(l.text) : null))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("a bare \\r is not a line break", async () => {
    expect(await collect("a\rb\n")).toEqual([{ line: 1, text: "a\rb" }]);
  });

  it("a UTF-8 byte order mark at the start of the stream is dropped so the first line parses", async () => {
    const got = await collect('\ufeff{"a":1}\n{"b":2}\n');
    expect(got).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ]);
  });

  it("the decoder restarts at every line, so one U+FEFF at the start of any line is dropped too", async () => {
    expect(await collect("a\n\ufeffb\n")).toEqual([
      { line: 1, text: "a" },
      { line: 2, text: "b" },
    ]);
    expect(await collect("a\ufeffb\n")).toEqual([{ line: 1, text: "a\ufeffb" }]); // inside a line it stays
  });

  it("a line of exactly maxLineBytes bytes passes; one more byte is tooLong", async () => {
    const ok = "é".repeat(5); // 10 bytes
    expect(await collect(`${ok}\n${ok}x\nz`, 10)).toEqual([
      { line: 1, text: ok },
      { line: 2, tooLong: true },
      { line: 3, text: "z" },
    ]);
  });

  it("the line after a tooLong line is intact even when the cut-off falls inside a multi-byte character", async () => {
    // "😀" is 4 bytes; with max 6 the overflow happens in the middle of the second emoji.
    const bytes = enc.encode("😀😀😀\n😀\n");
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await collect(split(bytes, [cut]), 6)).toEqual([
        { line: 1, tooLong: true },
        { line: 2, text: "😀" },
      ]);
    }
  });

  it("a too-long last line without a newline is still reported", async () => {
    expect(await collect("ok\nxxxxxxxxxx", 4)).toEqual([
      { line: 1, text: "ok" },
      { line: 2, tooLong: true },
    ]);
  });

  it("invalid UTF-8 becomes U+FFFD instead of failing the stream", async () => {
    const got = await collect([new Uint8Array([0x61, 0xff, 0x62, 0x0a, 0x63])]);
    expect(got).toEqual([
      { line: 1, text: "a\ufffdb" },
      { line: 2, text: "c" },
    ]);
  });

  it("does not buffer an over-long line: 256 MiB without a newline leaves the heap flat", async () => {
    const mib = new Uint8Array(1 << 20).fill(0x78); // one reused 1 MiB chunk of "x"
    async function* huge() {
      yield enc.encode('{"first":1}\n');
      for (let k = 0; k < 256; k++) yield mib;
      yield enc.encode('\n{"last":1}\n');
    }
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const out: NdjsonLine[] = [];
    for await (const l of ndjsonLines(huge(), 1 << 20)) {
      out.push(l);
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(out).toEqual([
      { line: 1, text: '{"first":1}' },
      { line: 2, tooLong: true },
      { line: 3, text: '{"last":1}' },
    ]);
    // Buffering would need ≥ 256 MiB of string; decoding the first MiB costs ~2 MiB.
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });
});

describe("ndjsonLines: properties", () => {
  // Lines without "\n": ASCII, accents, CJK, astral characters, whitespace (incl. \r) and anything else.
  const unit = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom("a", "{", '"', "é", "中", "😀", "𝔘", " ", "\t", "\r", "\u2028", "\u00a0"),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  );
  const line = fc
    .string({ unit, maxLength: 20 })
    // No newlines; only well-formed text (an unpaired surrogate cannot be UTF-8 encoded), and no
    // leading U+FEFF, which a fresh TextDecoder drops as a byte order mark (see the example test).
    .filter((s) => !s.includes("\n") && !s.startsWith("\ufeff") && dec.decode(enc.encode(s)) === s);
  const input = fc.record({
    lines: fc.array(line, { maxLength: 15 }),
    trailingNewline: fc.boolean(),
    cuts: fc.array(fc.nat({ max: 400 }), { maxLength: 12 }),
    max: fc.oneof(fc.constant(1 << 20), fc.integer({ min: 1, max: 40 })),
  });

  it("for any lines and any chunk boundaries, yields the lines, numbered, blanks skipped, long ones flagged", async () => {
    await fc.assert(
      fc.asyncProperty(input, async ({ lines, trailingNewline, cuts, max }) => {
        const text = lines.join("\n") + (trailingNewline && lines.length > 0 ? "\n" : "");
        const got = await collect(split(enc.encode(text), cuts), max);
        expect(got).toEqual(expected(lines, max));
      }),
      { numRuns: 1000 },
    );
  });

  it("one byte per chunk gives the same result as one chunk", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 8 }),
        fc.integer({ min: 1, max: 30 }),
        async (lines, max) => {
          const bytes = enc.encode(lines.join("\n"));
          const single = await collect([bytes], max);
          const bytewise = await collect(
            Array.from(bytes, (b) => new Uint8Array([b])),
            max,
          );
          expect(bytewise).toEqual(single);
          expect(single).toEqual(expected(lines, max));
        },
      ),
      { numRuns: 300 },
    );
  });
});
