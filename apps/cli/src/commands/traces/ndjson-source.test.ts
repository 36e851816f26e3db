import { describe, expect, it } from "vitest";
import { type ImportCounters, sniffKind, toNdjson, toWebStream } from "./ndjson-source.js";

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const all = bytes(text);
  for (let i = 0; i < all.length; i += size) yield all.subarray(i, i + size);
}

async function convert(text: string, size = 7) {
  const counters: ImportCounters = { bytesRead: 0, linesSent: 0 };
  const { kind, chunks } = await toNdjson(chunked(text, size), counters);
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return { kind, out: Buffer.concat(parts).toString("utf8"), counters };
}

describe("sniffKind", () => {
  it("tells arrays, NDJSON and pretty objects apart", () => {
    expect(sniffKind(bytes("  \n[{}]"), true)).toBe("array");
    expect(sniffKind(bytes('{"a":1}\n{"a":2}\n'), false)).toBe("ndjson");
    expect(sniffKind(bytes('{\n  "a": 1\n}'), true)).toBe("objects");
    expect(sniffKind(bytes("garbage\n"), false)).toBe("ndjson");
  });

  it("keeps a malformed first line as NDJSON so line numbers stay the file's", () => {
    expect(sniffKind(bytes('{"a": \n{"a":2}\n'), false)).toBe("ndjson");
  });

  it("asks for more input until the first line is complete", () => {
    expect(sniffKind(bytes('  {"a"'), false)).toBeNull();
    expect(sniffKind(bytes("   "), false)).toBeNull();
    expect(sniffKind(bytes(""), true)).toBe("ndjson");
  });
});

describe("toNdjson", () => {
  it("passes NDJSON through byte for byte and counts its lines", async () => {
    const text = '{"a":1}\n\n{"a":2}\n{"a":3}';
    const r = await convert(text);
    expect(r.kind).toBe("ndjson");
    expect(r.out).toBe(text);
    expect(r.counters).toEqual({ bytesRead: bytes(text).length, linesSent: 4, inputDone: true });
  });

  it("drops a UTF-8 byte order mark, which would make line 1 invalid JSON", async () => {
    const r = await convert('\uFEFF{"a":"é"}\n', 2);
    expect(r.out).toBe('{"a":"é"}\n');
  });

  it("re-emits a JSON array one element per line", async () => {
    const arr = [{ a: "ü, ]" }, { b: [1, 2] }];
    const r = await convert(JSON.stringify(arr, null, 2), 3);
    expect(r.kind).toBe("array");
    expect(
      r.out
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual(arr);
    expect(r.counters.linesSent).toBe(2);
  });

  it("turns one pretty-printed object into one line", async () => {
    const r = await convert(`${JSON.stringify({ prompt: "x\ny", steps: [] }, null, 2)}\n`);
    expect(r.kind).toBe("objects");
    expect(r.out.endsWith("}\n")).toBe(true);
    expect(r.out.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(r.out)).toEqual({ prompt: "x\ny", steps: [] });
  });

  it("becomes a web stream that is pulled, not pushed", async () => {
    let produced = 0;
    async function* gen() {
      for (let i = 0; i < 100; i++) {
        produced++;
        yield bytes(`${i}\n`);
      }
    }
    const reader = toWebStream(gen()).getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 20));
    // One chunk handed out, at most one more buffered: the source is not drained ahead.
    expect(produced).toBeLessThanOrEqual(3);
    await reader.cancel();
  });
});
