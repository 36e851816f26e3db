import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXPORT_FORMATS, exportLine, exportRecord } from "./export-records.js";
import { pyEscape, pyJsonDumps } from "./python-json.js";

// The straightforward json.dumps this repository used before the fast paths, kept as the oracle
// the fast one must match byte for byte.
function referenceDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") return pyJsonDumps(value);
  if (typeof value === "string") {
    const json = JSON.stringify(value);
    return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  if (Array.isArray(value)) return `[${value.map(referenceDumps).join(", ")}]`;
  if (typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) parts.push(`${referenceDumps(k)}: ${referenceDumps(v)}`);
    }
    return `{${parts.join(", ")}}`;
  }
  return "null";
}

// Any UTF-16 text: lone surrogates, controls, DEL, quotes and backslashes included.
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom("a", '"', "\\", "\n", "\t", "\u007f", "é", "\ud83d", "\ude00", "😀", "\u0001"),
  }),
);
const metaKey = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom("created_at", "trace_version", "format", "0", "12", "01", "-1", "source", "__proto__"),
);
const meta = fc.option(
  fc.dictionary(metaKey, fc.oneof(fc.jsonValue({ maxDepth: 2 }), anyText, fc.double()), { maxKeys: 6 }),
  { nil: null },
);
const trace = fc.record({
  trace_version: fc.oneof(fc.constant("1.0"), anyText),
  prompt: anyText,
  final_answer: anyText,
  steps: fc.array(fc.record({ i: fc.nat(), type: fc.constant("t"), content: anyText }), { maxLength: 5 }),
  meta,
});
const createdAt = fc.constantFrom(
  "2026-01-01 00:00:00+00",
  "2026-01-01 00:00:00.057123+00",
  "2025-12-23T10:00:01.123Z",
  "2024-02-29 23:59:59.999+00",
);

// Text of a payload whose stored JSON is plain (printable ASCII, no quote or backslash).
const plainChars = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).filter(
  (c) => c !== '"' && c !== "\\",
);
const plainText = fc.string({ unit: fc.constantFrom(...plainChars), maxLength: 40 });
const plainTrace = fc.record({
  trace_version: plainText,
  prompt: plainText,
  final_answer: plainText,
  steps: fc.array(fc.record({ i: fc.nat(), type: plainText, content: plainText }), { maxLength: 5 }),
  meta: fc.option(fc.dictionary(plainText, fc.oneof(plainText, fc.double(), fc.array(plainText))), {
    nil: null,
  }),
});

describe("pyJsonDumps fast paths", () => {
  it("match the reference json.dumps on any JSON value and any text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(anyText, anyText), fc.array(anyText)), (v) => {
        expect(pyJsonDumps(v)).toBe(referenceDumps(v));
      }),
      { numRuns: 500 },
    );
  });

  it("escape a concatenation as the concatenation of the escapes", () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        expect(`"${pyEscape(a)}\\n${pyEscape(b)}"`).toBe(referenceDumps(`${a}\n${b}`));
      }),
    );
  });
});

describe("exportLine", () => {
  it("is pyJsonDumps(exportRecord(…)) + newline for every format and option", () => {
    fc.assert(
      fc.property(
        trace,
        createdAt,
        fc.constantFrom(...EXPORT_FORMATS),
        fc.option(anyText, { nil: undefined }),
        fc.constantFrom("numbered", "tagged" as const),
        (payload, created_at, format, systemInstruction, responseStyle) => {
          const t = { id: "01890000-0000-7000-8000-000000000000", created_at, payload };
          const opts = { systemInstruction, responseStyle };
          expect(exportLine(t, format, opts)).toBe(`${referenceDumps(exportRecord(t, format, opts))}\n`);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("writes a plain payload's strings unsearched, with the same bytes", () => {
    fc.assert(
      fc.property(
        plainTrace,
        fc.constantFrom(...EXPORT_FORMATS),
        fc.option(anyText, { nil: undefined }),
        fc.constantFrom("numbered", "tagged" as const),
        (payload, format, systemInstruction, responseStyle) => {
          const t = {
            id: "01890000-0000-7000-8000-000000000000",
            created_at: "2026-01-01 00:00:00+00",
            payload,
          };
          const opts = { systemInstruction, responseStyle };
          expect(exportLine({ ...t, plain: true }, format, opts)).toBe(
            `${referenceDumps(exportRecord(t, format, opts))}\n`,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it("writes integer-like and overriding meta keys where an object spread puts them", () => {
    const t = {
      id: "01890000-0000-7000-8000-000000000000",
      created_at: "2026-01-01 00:00:00+00",
      payload: {
        trace_version: "1.0",
        prompt: "p",
        final_answer: "a",
        steps: [],
        meta: { z: 1, "2": 2.5e-7, format: "mine", "1": "é" },
      },
    };
    expect(exportLine(t, "tunix_sft")).toBe(
      '{"id": "01890000-0000-7000-8000-000000000000", "prompts": "<start_of_turn>user\\np<end_of_turn>\\n<start_of_turn>model\\nAnswer: a<end_of_turn>", "final_answer": "a", "metadata": {"1": "\\u00e9", "2": 2.5e-07, "created_at": "2026-01-01T00:00:00+00:00", "trace_version": "1.0", "format": "mine", "z": 1}}\n',
    );
  });
});
