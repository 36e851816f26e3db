import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonValueSplitter } from "./json-values.js";

function split(mode: "array" | "sequence", chunks: string[]): string[] {
  const s = new JsonValueSplitter(mode);
  return [...chunks.flatMap((c) => s.push(c)), ...s.end()];
}

/** Every way of cutting `text` in two must give the same values as feeding it whole. */
function everyCut(mode: "array" | "sequence", text: string): string[] {
  const whole = split(mode, [text]);
  for (let i = 0; i <= text.length; i++)
    expect(split(mode, [text.slice(0, i), text.slice(i)])).toEqual(whole);
  return whole;
}

describe("JsonValueSplitter (array)", () => {
  it("emits one compact line per element, whatever the chunking", () => {
    const text = '[\n  {"a": "x, ] } [ \\" \\\\"},\n  [1, [2]],\n  "s",\n  3\n]\n';
    const values = everyCut("array", text);
    expect(values.map((v) => JSON.parse(v))).toEqual([{ a: 'x, ] } [ " \\' }, [1, [2]], "s", 3]);
    for (const v of values) expect(v).not.toContain("\n");
  });

  it("holds nothing for an empty array", () => {
    expect(everyCut("array", "  [ \n ]  ")).toEqual([]);
  });

  it("turns empty slots into null so the server rejects them by number", () => {
    expect(split("array", ["[1,,2,]"])).toEqual(["1", "null", "2", "null"]);
  });

  it("passes an unclosed last element and trailing text on for the server to report", () => {
    expect(split("array", ['[{"a":1}, {"b":'])).toEqual(['{"a":1}', '{"b":']);
    expect(split("array", ["[1] trailing"])).toEqual(["1", "trailing"]);
  });

  it("round-trips random arrays split into random chunks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue()),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (arr, cuts, pretty) => {
          const text = JSON.stringify(arr, null, pretty ? 2 : undefined);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
          const values = split("array", chunks);
          expect(values.map((v) => JSON.parse(v))).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("JsonValueSplitter (sequence)", () => {
  it("splits pretty-printed objects one after another", () => {
    const a = { prompt: "p {", steps: [{ i: 0 }] };
    const b = { prompt: 'q "}"' };
    const text = `${JSON.stringify(a, null, 2)}\n${JSON.stringify(b, null, 2)}\n`;
    expect(everyCut("sequence", text).map((v) => JSON.parse(v))).toEqual([a, b]);
  });

  it("separates bare scalars too (the server rejects them, each with its own number)", () => {
    expect(split("sequence", ['1 "two"{"x":3}', " [4]"])).toEqual(["1", '"two"', '{"x":3}', "[4]"]);
  });
});
