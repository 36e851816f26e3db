import { ReasoningTrace } from "@tunix-rt/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastTraceRecord, storedPayloadJson, toTraceRecord, traceContentHash } from "./trace-record.js";

const NOW = new Date("2026-01-02T03:04:05.000Z");

// Values shaped like traces, often valid, often subtly not (lengths in code points vs UTF-16
// units, NUL, duplicate or odd indices, odd meta), as JSON.parse would hand them over.
const unit = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom("\u0000", "😀", '"', "\\", "\n", "\u2028", "é", "\u007f", "\ud800"),
  },
  { weight: 4, arbitrary: fc.constantFrom("a", "b", " ") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);
const str = (max: number) => fc.string({ unit, maxLength: max });
const json = fc.jsonValue({ maxDepth: 3, stringUnit: unit });
const field = (limit: number) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.string({ unit, minLength: 1, maxLength: 6 }) },
    // Around the limit, counted in UTF-16 units or in code points.
    { weight: 1, arbitrary: fc.constantFrom(limit, limit + 1).map((n) => "x".repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom(limit / 2, limit, limit + 1).map((n) => "😀".repeat(n)) },
    { weight: 1, arbitrary: fc.oneof(fc.constant(""), json) },
  );
const step = fc.record(
  {
    // "auto" becomes the step's position, so most step lists have unique indices.
    i: fc.oneof(
      { weight: 12, arbitrary: fc.constant("auto" as const) },
      { weight: 1, arbitrary: fc.constantFrom(0, -1, -0, 1.5, 2 ** 53, 2 ** 53 - 1, 1e300) },
      { weight: 1, arbitrary: json },
    ),
    type: field(64),
    content: field(20_000),
    extra: json,
  },
  { requiredKeys: ["i", "type", "content"] },
);
const steps = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .array(step, { minLength: 1, maxLength: 4 })
      .map((list) => list.map((st, k) => ({ ...st, i: st.i === "auto" ? k : st.i }))),
  },
  { weight: 1, arbitrary: fc.oneof(fc.constant([]), json) },
);
const fields = {
  trace_version: field(64),
  prompt: field(50_000),
  final_answer: field(50_000),
  steps,
  meta: fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.dictionary(str(4), json, { maxKeys: 4 }),
    fc.constant({ source: "s", n: [1, { z: 2, a: 1 }] }),
    json,
  ),
  other: json,
};
const traceLike = fc
  .oneof(
    {
      weight: 10,
      arbitrary: fc.record(fields, { requiredKeys: ["trace_version", "prompt", "final_answer", "steps"] }),
    },
    { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
  )
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown);

const same = (a: ReturnType<typeof toTraceRecord>, b: ReturnType<typeof toTraceRecord>) => {
  expect(a.payload).toEqual(b.payload);
  expect(a.payloadJson).toBe(b.payloadJson);
  expect(a.contentHash).toBe(b.contentHash);
  expect(a.source).toBe(b.source);
  expect(a.stepCount).toBe(b.stepCount);
  expect(a.traceVersion).toBe(b.traceVersion);
};

describe("fastTraceRecord (the import's schema-free fast path)", () => {
  it("accepts only what ReasoningTrace accepts, and builds the same record (property)", () => {
    fc.assert(
      fc.property(traceLike, (v) => {
        const fast = fastTraceRecord(v, NOW);
        if (fast === undefined) return;
        const parsed = ReasoningTrace.safeParse(v);
        expect(parsed.success).toBe(true);
        same(fast, toTraceRecord(parsed.data!, NOW));
      }),
      { numRuns: 3000 },
    );
  });

  it("takes the fast path for ordinary traces", () => {
    const v = {
      trace_version: "1.0",
      prompt: "p",
      final_answer: "a",
      steps: [{ i: 0, type: "t", content: "c", junk: 1 }],
      meta: { source: "x" },
      extra: true,
    };
    const fast = fastTraceRecord(v, NOW);
    expect(fast).toBeDefined();
    same(fast!, toTraceRecord(ReasoningTrace.parse(v), NOW));
    expect(fast!.payload).toEqual({
      trace_version: "1.0",
      prompt: "p",
      final_answer: "a",
      steps: [{ i: 0, type: "t", content: "c" }],
      meta: { source: "x" },
    });
  });

  it.each([
    ["a NUL in a step", { steps: [{ i: 0, type: "t", content: "a\u0000" }] }],
    ["a NUL in a meta key", { meta: { "k\u0000": 1 } }],
    ["a __proto__ key in meta", JSON.parse('{"meta":{"__proto__":{"x":1}}}')],
    ["meta as an array", { meta: [1] }],
    [
      "duplicate indices",
      {
        steps: [
          { i: 1, type: "t", content: "c" },
          { i: 1, type: "t", content: "d" },
        ],
      },
    ],
    ["2^53 as an index", { steps: [{ i: 2 ** 53, type: "t", content: "c" }] }],
    ["a too-long prompt", { prompt: "x".repeat(50_001) }],
  ])("defers %s to the schema", (_name, overrides) => {
    const v = {
      trace_version: "1.0",
      prompt: "p",
      final_answer: "a",
      steps: [{ i: 0, type: "t", content: "c" }],
      ...overrides,
    };
    expect(fastTraceRecord(v, NOW)).toBeUndefined();
  });
});

describe("content hash", () => {
  it("payloadJson is the stored JSON of the payload, and contentHash is traceContentHash(payload) (property)", () => {
    fc.assert(
      fc.property(traceLike, (v) => {
        const parsed = ReasoningTrace.safeParse(v);
        if (!parsed.success) return;
        const r = toTraceRecord(parsed.data, NOW);
        expect(r.payloadJson).toBe(storedPayloadJson(r.payload));
        expect(r.contentHash).toBe(traceContentHash(r.payload));
        expect(JSON.parse(r.payloadJson!)).toEqual(JSON.parse(JSON.stringify(r.payload)));
      }),
      { numRuns: 2000 },
    );
  });

  it("ignores the trace's own key order and unknown keys, keeps meta as written; absent and null meta hash alike", () => {
    const a = toTraceRecord(
      ReasoningTrace.parse({
        trace_version: "1",
        prompt: "p",
        final_answer: "a",
        steps: [{ i: 0, type: "t", content: "c" }],
        meta: { b: 1, a: { d: 2, c: 3 } },
      }),
    );
    const b = toTraceRecord(
      ReasoningTrace.parse({
        meta: { b: 1, a: { d: 2, c: 3 } },
        steps: [{ content: "c", type: "t", i: 0, x: 9 }],
        final_answer: "a",
        prompt: "p",
        trace_version: "1",
        y: 1,
      }),
    );
    expect(b.contentHash).toBe(a.contentHash);
    // meta comes back exactly as written, so its key order is part of the content.
    const reordered = toTraceRecord(
      ReasoningTrace.parse({ ...a.payload, meta: { a: { c: 3, d: 2 }, b: 1 } }),
    );
    expect(reordered.contentHash).not.toBe(a.contentHash);
    expect(reordered.payloadJson).toContain('"meta":{"a":{"c":3,"d":2},"b":1}');
    const n1 = toTraceRecord(
      ReasoningTrace.parse({
        trace_version: "1",
        prompt: "p",
        final_answer: "a",
        steps: [{ i: 0, type: "t", content: "c" }],
      }),
    );
    const n2 = toTraceRecord(
      ReasoningTrace.parse({
        trace_version: "1",
        prompt: "p",
        final_answer: "a",
        steps: [{ i: 0, type: "t", content: "c" }],
        meta: null,
      }),
    );
    expect(n1.contentHash).toBe(n2.contentHash);
    expect(n1.contentHash).not.toBe(a.contentHash);
  });

  it("step order matters (it is kept as given)", () => {
    const s = [
      { i: 0, type: "t", content: "c" },
      { i: 1, type: "t", content: "d" },
    ];
    const a = toTraceRecord(
      ReasoningTrace.parse({ trace_version: "1", prompt: "p", final_answer: "a", steps: s }),
    );
    const b = toTraceRecord(
      ReasoningTrace.parse({ trace_version: "1", prompt: "p", final_answer: "a", steps: [s[1], s[0]] }),
    );
    expect(a.contentHash).not.toBe(b.contentHash);
  });
});
