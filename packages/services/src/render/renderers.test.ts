import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { modelResponse, renderGemma } from "./chat-template.js";
import { exportRecord, trainingExampleId } from "./export-records.js";
import { dumpYaml, yamlFloat } from "./manifest-yaml.js";
import { pyIsoformat, pyJsonDumps } from "./python-json.js";

const text = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
const trace = fc.record({
  trace_version: fc.constant("1.0"),
  prompt: text,
  final_answer: text,
  steps: fc.array(fc.record({ i: fc.nat(), type: fc.constant("t"), content: text }), {
    minLength: 1,
    maxLength: 6,
  }),
  meta: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })), {
    nil: null,
  }),
});

describe("pyJsonDumps (Python json.dumps with default arguments)", () => {
  it("round-trips through JSON.parse for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(pyJsonDumps(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it("writes only printable ASCII, with Python's separators", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (d) => {
        const out = pyJsonDumps(d);
        expect(out).toMatch(/^[\x20-\x7e]*$/);
      }),
    );
    expect(pyJsonDumps({ a: [1, "é", null, true], b: 2.5 })).toBe(
      '{"a": [1, "\\u00e9", null, true], "b": 2.5}',
    );
    expect(pyJsonDumps("😀\u007f\t")).toBe('"\\ud83d\\ude00\\u007f\\t"');
  });

  it("prints floats like Python's repr", () => {
    expect(pyJsonDumps([1e-5, 0.0001, 1e16, 1.5e300, 123.456, -2e-7])).toBe(
      "[1e-05, 0.0001, 1e+16, 1.5e+300, 123.456, -2e-07]",
    );
  });

  it("formats datetimes like Python's isoformat", () => {
    expect(pyIsoformat("2025-12-23T10:00:01.123Z")).toBe("2025-12-23T10:00:01.123000+00:00");
    expect(pyIsoformat("2025-12-23T10:00:01.000Z")).toBe("2025-12-23T10:00:01+00:00");
  });
});

describe("Gemma rendering", () => {
  it("is the seed's documented example, byte for byte", () => {
    const r = renderGemma({
      prompt: "What is 2+2?",
      steps: [{ i: 0, type: "c", content: "Add 2 and 2" }],
      final_answer: "4",
    });
    expect(r.text).toBe(
      "<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\nReasoning:\n1. Add 2 and 2\nAnswer: 4<end_of_turn>",
    );
  });

  it("always splits into a masked prompt and a trained completion that rebuild the text", () => {
    fc.assert(
      fc.property(
        trace,
        fc.option(text, { nil: undefined }),
        fc.constantFrom("numbered", "tagged" as const),
        (t, sys, style) => {
          const r = renderGemma(t, { systemInstruction: sys, responseStyle: style });
          expect(r.prompt + r.completion).toBe(r.text);
          expect(r.prompt.startsWith("<start_of_turn>user\n")).toBe(true);
          expect(r.prompt.endsWith("<end_of_turn>\n<start_of_turn>model\n")).toBe(true);
          expect(
            r.completion.endsWith(`${t.final_answer}${style === "tagged" ? "</answer>" : ""}<end_of_turn>`),
          ).toBe(true);
          if (sys) expect(r.prompt).toContain(`${sys}\n\n${t.prompt}`);
        },
      ),
    );
  });

  it("numbers steps in array order, not by their index", () => {
    const steps = [
      { i: 9, type: "a", content: "second?" },
      { i: 1, type: "a", content: "first?" },
    ];
    expect(modelResponse({ steps, final_answer: "x" })).toBe("Reasoning:\n1. second?\n2. first?\nAnswer: x");
    expect(modelResponse({ steps, final_answer: "x" }, "tagged")).toBe(
      "<reasoning>second?\nfirst?</reasoning>\n<answer>x</answer>",
    );
  });
});

describe("export records", () => {
  it("keep the seed's key order and spread meta last", () => {
    fc.assert(
      fc.property(trace, (payload) => {
        const stored = {
          id: "01890000-0000-7000-8000-000000000000",
          created_at: "2025-01-01T00:00:00.000Z",
          payload,
        };
        expect(Object.keys(exportRecord(stored, "trace"))).toEqual([
          "id",
          "prompts",
          "trace_steps",
          "final_answer",
          "metadata",
        ]);
        expect(Object.keys(exportRecord(stored, "tunix_sft"))).toEqual([
          "id",
          "prompts",
          "final_answer",
          "metadata",
        ]);
        const meta = exportRecord(stored, "tunix_sft").metadata as Record<string, unknown>;
        for (const [k, v] of Object.entries(payload.meta ?? {})) expect(meta[k]).toEqual(v);
      }),
    );
  });

  it("derive training_example ids from the trace id: stable, distinct, valid UUIDs", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => {
        expect(trainingExampleId(a)).toBe(trainingExampleId(a));
        expect(trainingExampleId(a)).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        if (a !== b) expect(trainingExampleId(a)).not.toBe(trainingExampleId(b));
      }),
    );
  });
});

describe("manifest YAML (PyYAML layout)", () => {
  it("writes floats and strings as PyYAML does", () => {
    expect([2e-5, 1, 0.001, 1e-4, 3.5].map(yamlFloat)).toEqual(["2.0e-05", "1.0", "0.001", "0.0001", "3.5"]);
    expect(dumpYaml({ version: "1.0", a: { b: "yes", c: "plain/path-1.jsonl", d: "x: y", e: "" } })).toBe(
      "version: '1.0'\na:\n  b: 'yes'\n  c: plain/path-1.jsonl\n  d: 'x: y'\n  e: ''\n",
    );
  });
});

describe("pyJsonDumps escaping across calls", () => {
  it("escapes non-ASCII in every string, however many strings came before", () => {
    for (let i = 0; i < 5; i++) {
      expect(pyJsonDumps(["é", "aé", "xxxxxxxxxxé"])).toBe('["\\u00e9", "a\\u00e9", "xxxxxxxxxx\\u00e9"]');
    }
  });
});
