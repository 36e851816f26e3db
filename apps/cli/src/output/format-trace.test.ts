import type { TraceDetail } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { formatScoreResult, formatTraceDetail, scoreDetailSummary } from "./format-trace.js";
import { displayWidth } from "./text.js";

const trace: TraceDetail = {
  id: "01900000-0000-7000-8000-000000000001",
  created_at: "2025-01-02T13:04:05.000Z",
  trace_version: "1.0",
  payload: {
    trace_version: "1.0",
    prompt: "What is 2+2?",
    final_answer: "4",
    steps: [
      { i: 0, type: "parse", content: "Two plus two." },
      { i: 1, type: "calc", content: `Add them: ${"long ".repeat(40)}` },
    ],
    meta: { source: "unit", expected_answer: "4" },
  },
};

describe("formatTraceDetail", () => {
  it("shows prompt, numbered steps with types, answer, meta and scores", () => {
    const out = formatTraceDetail(
      trace,
      [
        {
          id: "s",
          trace_id: trace.id,
          criteria: "baseline",
          score: 12.5,
          details: { step_count: 2 },
          created_at: trace.created_at,
        },
      ],
      80,
    );
    const text = out.join("\n");
    expect(text).toContain("Prompt\n  What is 2+2?");
    expect(text).toContain("  0. [parse] Two plus two.");
    expect(text).toContain("  1. [calc] Add them:");
    expect(text).toContain("Final answer\n  4");
    expect(text).toMatch(/expected_answer\s+4/);
    expect(text).toMatch(/baseline\s+12\.50\s+2025-01-02 13:04:05\s+step_count=2/);
    for (const line of out) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it("says how to score a trace that has no scores", () => {
    expect(formatTraceDetail(trace, [], 80).join("\n")).toContain("(none yet");
  });
});

describe("score output", () => {
  it("leads with the score, then the details", () => {
    const out = formatScoreResult(
      { trace_id: trace.id, score: 100, details: { criteria: "answer_match", match: true } },
      "answer_match",
      80,
    );
    expect(out[0]).toBe(`answer_match score for ${trace.id}: 100.00`);
    expect(out[1]).toMatch(/match\s+true/);
    expect(scoreDetailSummary({ criteria: "x", scored_at: "t", method: "exact" })).toBe("method=exact");
  });
});
