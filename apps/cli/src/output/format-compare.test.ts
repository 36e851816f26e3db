import type { CompareTracesResponse, TraceDetail } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import {
  compareLayout,
  FIRST_DIVERGENCE,
  formatAnswerDiff,
  formatCompare,
  sideBySide,
} from "./format-compare.js";
import { displayWidth } from "./text.js";

const detail = (id: string, steps: string[], answer: string): TraceDetail => ({
  id,
  created_at: "2025-01-02T13:04:05.000Z",
  trace_version: "1.0",
  payload: {
    trace_version: "1.0",
    prompt: "What is 6*7?",
    final_answer: answer,
    steps: steps.map((content, i) => ({ i, type: "t", content })),
    meta: { source: "unit" },
  },
});

const response: CompareTracesResponse = {
  base: { ...detail("b", ["read", "six sevens", "so 42", "check"], "42"), score: 10 },
  other: { ...detail("o", ["read", "six times seven", "so 42", "answer"], "43"), score: 12.5 },
  alignment: {
    pairs: [
      { kind: "same", base_index: 0, other_index: 0 },
      { kind: "changed", base_index: 1, other_index: 1 },
      { kind: "same", base_index: 2, other_index: 2 },
      { kind: "only_base", base_index: 3, other_index: null },
      { kind: "only_other", base_index: null, other_index: 3 },
    ],
    first_divergence: 1,
  },
  final_answer_diff: {
    equal: false,
    parts: [
      { op: "equal", text: "4" },
      { op: "delete", text: "2" },
      { op: "insert", text: "3" },
    ],
  },
  score_delta: 2.5,
};

describe("formatCompare", () => {
  it("marks every aligned pair and calls out the first divergence just before it", () => {
    const out = formatCompare(response, 100);
    expect(out.some((l) => /^= 0\. \[t\] read\s+\| 0\. \[t\] read$/.test(l))).toBe(true);
    expect(out.some((l) => /^~ 1\. \[t\] six sevens\s+\| 1\. \[t\] six times seven$/.test(l))).toBe(true);
    expect(out.some((l) => /^- 3\. \[t\] check\s+\|$/.test(l))).toBe(true);
    expect(out.some((l) => /^\+\s+\| 3\. \[t\] answer$/.test(l))).toBe(true);
    const div = out.findIndex((l) => l.startsWith(FIRST_DIVERGENCE));
    expect(out[div + 1]).toMatch(/^~ 1\./);
    expect(out[div]).toContain("base step 1, other step 1");
  });

  it("shows both answers, their diff, both scores and the delta", () => {
    const text = formatCompare(response, 100).join("\n");
    expect(text).toMatch(/~ 42\s+\| 43/);
    expect(text).toContain("diff: 4[-2-]{+3+}");
    expect(text).toMatch(/10\.00\s+\| 12\.50/);
    expect(text).toContain("delta (other - base): +2.50");
  });

  it("never writes past the terminal width", () => {
    const long = {
      ...response,
      base: { ...response.base, payload: { ...response.base.payload, prompt: "word ".repeat(200) } },
    };
    for (const width of [60, 100, 180]) {
      for (const line of formatCompare(long, width)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    }
  });

  it("says so when the steps are the same", () => {
    const same = {
      ...response,
      alignment: {
        pairs: [{ kind: "same" as const, base_index: 0, other_index: 0 }],
        first_divergence: null,
      },
    };
    expect(formatCompare(same, 100).join("\n")).toContain("(the steps are the same)");
  });
});

describe("layout helpers", () => {
  it("splits the width into two columns around the marker and gutter", () => {
    expect(compareLayout(100)).toEqual({ left: 47, right: 48 });
    expect(sideBySide("~", ["a", "b"], ["c"], { left: 3, right: 3 })).toEqual(["~ a   | c", "  b   |"]);
    expect(formatAnswerDiff([{ op: "insert", text: "\u001b" }])).toBe("{+\uFFFD+}");
  });
});
