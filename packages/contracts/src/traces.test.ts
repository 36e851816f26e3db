import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundedText, ReasoningTrace, TRACE_LIMITS } from "./traces.js";

// The seed's Pydantic ReasoningTrace. Lengths are Python len(), i.e. Unicode code points.

const EMOJI = "😀"; // U+1F600: one code point, two UTF-16 units, four UTF-8 bytes
const cp = (s: string) => [...s].length;

const valid = (overrides: Record<string, unknown> = {}) => ({
  trace_version: "1.0",
  prompt: "What is 2+2?",
  final_answer: "4",
  steps: [{ i: 0, type: "calc", content: "Add 2 and 2" }],
  ...overrides,
});
const steps = (
  n: number,
  mk: (k: number) => Record<string, unknown> = (k) => ({ i: k, type: "t", content: "c" }),
) => Array.from({ length: n }, (_, k) => mk(k));

function issues(value: unknown): Array<{ path: string; message: string }> {
  const r = ReasoningTrace.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("/"), message: i.message }));
}
const accepts = (value: unknown) => expect(issues(value)).toEqual([]);
function rejectsAt(value: unknown, path: string) {
  const found = issues(value);
  expect(found.length).toBeGreaterThan(0);
  expect(found.map((i) => i.path)).toContain(path);
}

describe("ReasoningTrace: string lengths count Unicode code points", () => {
  const fields = [
    { field: "prompt", max: TRACE_LIMITS.promptMax, at: (s: string) => valid({ prompt: s }), path: "prompt" },
    {
      field: "final_answer",
      max: TRACE_LIMITS.finalAnswerMax,
      at: (s: string) => valid({ final_answer: s }),
      path: "final_answer",
    },
    {
      field: "trace_version",
      max: TRACE_LIMITS.traceVersionMax,
      at: (s: string) => valid({ trace_version: s }),
      path: "trace_version",
    },
    {
      field: "steps[].content",
      max: TRACE_LIMITS.stepContentMax,
      at: (s: string) => valid({ steps: [{ i: 0, type: "t", content: s }] }),
      path: "steps/0/content",
    },
    {
      field: "steps[].type",
      max: TRACE_LIMITS.stepTypeMax,
      at: (s: string) => valid({ steps: [{ i: 0, type: s, content: "c" }] }),
      path: "steps/0/type",
    },
  ];

  it("has the seed's limits", () => {
    expect(TRACE_LIMITS).toMatchObject({
      traceVersionMax: 64,
      promptMax: 50_000,
      finalAnswerMax: 50_000,
      stepsMin: 1,
      stepsMax: 1000,
      stepTypeMax: 64,
      stepContentMax: 20_000,
    });
  });

  for (const f of fields) {
    describe(f.field, () => {
      it(`accepts exactly ${f.max} astral characters (${2 * f.max} UTF-16 units)`, () => {
        accepts(f.at(EMOJI.repeat(f.max)));
      });
      it(`rejects ${f.max + 1} astral characters`, () => {
        rejectsAt(f.at(EMOJI.repeat(f.max + 1)), f.path);
      });
      it(`accepts ${f.max} ASCII characters and rejects ${f.max + 1}`, () => {
        accepts(f.at("x".repeat(f.max)));
        rejectsAt(f.at("x".repeat(f.max + 1)), f.path);
      });
      it("accepts one character (a lone astral one too) and rejects the empty string", () => {
        accepts(f.at("x"));
        accepts(f.at(EMOJI));
        accepts(f.at(" ")); // Pydantic does not strip whitespace
        rejectsAt(f.at(""), f.path);
      });
      it("rejects non-strings", () => {
        for (const bad of [1, null, true, ["x"], { x: 1 }]) rejectsAt(f.at(bad as never), f.path);
      });
    });
  }

  it("a mixed BMP/astral string at the limit counts code points, not units", () => {
    const s = `${"é".repeat(30)}${EMOJI.repeat(34)}`; // 64 code points, 98 UTF-16 units
    expect(s.length).toBe(98);
    accepts(valid({ trace_version: s }));
    rejectsAt(valid({ trace_version: `${s}x` }), "trace_version");
  });

  it("reports every invalid field at once", () => {
    const r = issues({
      trace_version: "",
      prompt: "",
      final_answer: "",
      steps: [{ i: 0, type: "", content: "" }],
    });
    expect(r.map((i) => i.path).sort()).toEqual([
      "final_answer",
      "prompt",
      "steps/0/content",
      "steps/0/type",
      "trace_version",
    ]);
  });

  it("requires every required field", () => {
    for (const key of ["trace_version", "prompt", "final_answer", "steps"]) {
      const v: Record<string, unknown> = valid();
      delete v[key];
      rejectsAt(v, key);
    }
    rejectsAt(valid({ steps: [{ i: 0, type: "t" }] }), "steps/0/content");
    rejectsAt(valid({ steps: [{ type: "t", content: "c" }] }), "steps/0/i");
  });
});

describe("ReasoningTrace: steps", () => {
  it("accepts 1 and 1000 steps, rejects 0 and 1001", () => {
    accepts(valid({ steps: steps(1) }));
    accepts(valid({ steps: steps(1000) }));
    rejectsAt(valid({ steps: [] }), "steps");
    rejectsAt(valid({ steps: steps(1001) }), "steps");
  });

  it("rejects duplicate step indices with the seed's message", () => {
    const r = issues(
      valid({
        steps: [
          { i: 3, type: "a", content: "x" },
          { i: 1, type: "a", content: "y" },
          { i: 3, type: "b", content: "z" },
        ],
      }),
    );
    expect(r).toEqual([{ path: "steps", message: "Step indices must be unique" }]);
  });

  it("accepts non-contiguous, unsorted indices and keeps the array order", () => {
    const given = [
      { i: 7, type: "a", content: "x" },
      { i: 0, type: "b", content: "y" },
      { i: 42, type: "c", content: "z" },
    ];
    const r = ReasoningTrace.parse(valid({ steps: given }));
    expect(r.steps).toEqual(given);
  });

  it("i must be an integer >= 0", () => {
    accepts(valid({ steps: [{ i: 0, type: "t", content: "c" }] }));
    accepts(valid({ steps: [{ i: 1_000_000, type: "t", content: "c" }] }));
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, null, true, [0], {}]) {
      rejectsAt(valid({ steps: [{ i: bad, type: "t", content: "c" }] }), "steps/0/i");
    }
  });

  it("1.0 in JSON is the integer 1", () => {
    accepts(
      JSON.parse(
        '{"trace_version":"1","prompt":"p","final_answer":"a","steps":[{"i":1.0,"type":"t","content":"c"}]}',
      ),
    );
  });

  it("steps must be an array of objects", () => {
    rejectsAt(valid({ steps: { 0: { i: 0, type: "t", content: "c" } } }), "steps");
    rejectsAt(valid({ steps: "step" }), "steps");
    rejectsAt(valid({ steps: [null] }), "steps/0");
    rejectsAt(valid({ steps: ["x"] }), "steps/0");
  });
});

describe("ReasoningTrace: meta", () => {
  it("is optional, may be null or any object", () => {
    expect(ReasoningTrace.parse(valid()).meta).toBeUndefined();
    expect(ReasoningTrace.parse(valid({ meta: null })).meta).toBeNull();
    const meta = { source: "x", nested: { a: [1, "b", null, { c: true }] }, n: 1.5 };
    expect(ReasoningTrace.parse(valid({ meta })).meta).toEqual(meta);
    expect(ReasoningTrace.parse(valid({ meta: {} })).meta).toEqual({});
  });

  it("rejects a meta that is not an object", () => {
    for (const bad of ["x", 1, true, [], [1, 2]]) rejectsAt(valid({ meta: bad }), "meta");
  });
});

describe("ReasoningTrace: unknown keys", () => {
  it("are stripped at the top level and inside steps; meta keeps its own keys", () => {
    const r = ReasoningTrace.parse({
      ...valid({ steps: [{ i: 0, type: "t", content: "c", score: 3, extra: { x: 1 } }] }),
      id: "abc",
      created_at: "yesterday",
      meta: { free: "form", anything: [1] },
    });
    expect(r).toEqual({
      trace_version: "1.0",
      prompt: "What is 2+2?",
      final_answer: "4",
      steps: [{ i: 0, type: "t", content: "c" }],
      meta: { free: "form", anything: [1] },
    });
  });

  it("rejects non-objects at the root", () => {
    for (const bad of [null, undefined, 1, "x", [], [valid()], true])
      expect(ReasoningTrace.safeParse(bad).success).toBe(false);
  });
});

describe("boundedText", () => {
  // Property: whatever the string, validity is exactly "min ≤ code points ≤ max".
  // (U+0000 and unpaired surrogates are refused for another reason, tested below.)
  const anyText = fc.string({
    unit: fc.oneof(
      fc.constantFrom("x", "é", EMOJI, "\u{10FFFF}"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((c) => c !== "\u0000"),
    ),
    maxLength: 24,
  });

  it("accepts exactly the strings whose code-point length is within [1, 10]", () => {
    const schema = boundedText(1, 10);
    fc.assert(
      fc.property(anyText, (s) => {
        expect(schema.safeParse(s).success).toBe(cp(s) >= 1 && cp(s) <= 10);
      }),
      { numRuns: 500 },
    );
  });

  // The fast path must not take UTF-16 length as code points when min > 1: one emoji has length 2.
  it("accepts exactly the strings whose code-point length is within [2, 10] (min > 1)", () => {
    const schema = boundedText(2, 10);
    expect(schema.safeParse(EMOJI).success).toBe(false);
    fc.assert(
      fc.property(anyText, (s) => {
        expect(schema.safeParse(s).success).toBe(cp(s) >= 2 && cp(s) <= 10);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses U+0000, which Postgres text/JSONB cannot hold, with a clear reason", () => {
    expect(boundedText(1, 10).safeParse("a\u0000b").success).toBe(false);
    const r = issues(valid({ prompt: "a\u0000b" }));
    expect(r.map((i) => i.path)).toEqual(["prompt"]);
    expect(r[0]!.message).toMatch(/U\+0000|NUL/);
    rejectsAt(valid({ steps: [{ i: 0, type: "t", content: "\u0000" }] }), "steps/0/content");
    rejectsAt(valid({ meta: { k: "v\u0000" } }), "meta");
    rejectsAt(valid({ meta: { "k\u0000": "v" } }), "meta");
    rejectsAt(valid({ meta: { a: [{ b: ["\u0000"] }] } }), "meta");
  });

  it("refuses unpaired surrogates (not Unicode; Postgres cannot store them) anywhere in a trace", () => {
    expect(boundedText(1, 10).safeParse("a\ud800").success).toBe(false);
    expect(boundedText(1, 10).safeParse("\udc00b").success).toBe(false);
    expect(boundedText(1, 10).safeParse(EMOJI).success).toBe(true);
    expect(issues(valid({ final_answer: "\ud83d" }))[0]!.message).toMatch(/unpaired surrogate/);
    rejectsAt(valid({ meta: { k: ["\udfff"] } }), "meta");
  });

  it("refuses meta nested deeper than 32 levels", () => {
    let deep: unknown = "x";
    for (let k = 0; k < 40; k++) deep = { k: deep };
    expect(issues(valid({ meta: deep as Record<string, unknown> }))[0]!.message).toMatch(/deeper than 32/);
    let ok: unknown = "x";
    for (let k = 0; k < 30; k++) ok = [ok];
    accepts(valid({ meta: { k: ok } }));
  });
});
