import type { ReasoningTrace } from "@tunix-rt/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { baselineScore } from "./baseline-score.js";

const NOW = new Date("2026-01-02T03:04:05.000Z");
const trace = (contents: string[]): ReasoningTrace => ({
  trace_version: "1.0",
  prompt: "p",
  final_answer: "a",
  steps: contents.map((content, i) => ({ i, type: "t", content })),
});

/** A UNGAR High Card Duel episode rendered as a trace. */
const UNGAR: ReasoningTrace = {
  trace_version: "1.0",
  prompt: "High Card Duel: You have 1 hidden card. Action: reveal.",
  final_answer: "reveal",
  steps: [
    { i: 0, type: "legal_moves", content: "Legal moves: [reveal]" },
    { i: 1, type: "observation", content: "My hand: AS" },
    { i: 2, type: "unseen", content: "Unseen cards: 51" },
    { i: 3, type: "decision", content: "Action chosen: reveal" },
  ],
  meta: {
    source: "ungar",
    game: "high_card_duel",
    episode_index: 0,
    my_card: "AS",
    opponent_card: "KH",
    result: "win",
    seed: 42,
  },
};

/** The seed frontend's bundled example trace ("Load Example"). */
const EXAMPLE: ReasoningTrace = {
  trace_version: "1.0",
  prompt: "Convert 68°F to Celsius",
  final_answer: "20°C",
  steps: [
    { i: 0, type: "parse", content: "Parse the temperature conversion task: 68°F to °C" },
    { i: 1, type: "formula", content: "Use the formula: °C = (°F - 32) × 5/9" },
    { i: 2, type: "compute", content: "Calculate: (68 - 32) = 36" },
    { i: 3, type: "compute", content: "Calculate: 36 × 5/9 = 20" },
    { i: 4, type: "result", content: "Final answer: 20°C" },
  ],
  meta: { source: "example", tags: ["temperature", "conversion", "fahrenheit", "celsius"] },
};

describe("baselineScore: the seed's worked examples", () => {
  it("a UNGAR High Card Duel trace scores 21.73 (4 steps, average length 17.25)", () => {
    const r = baselineScore(UNGAR, NOW);
    expect(r.score).toBe(21.73);
    expect(r.details).toEqual({
      step_count: 4,
      avg_step_length: 17.25,
      total_chars: 69,
      step_score: 20,
      length_score: 1.73, // Python: round(1.725, 2) == 1.73 (1.725 is stored as 1.72500000000000008882…)
      criteria: "baseline",
      scored_at: "2026-01-02T03:04:05.000Z",
    });
  });

  it("the bundled example trace scores 28.06", () => {
    const r = baselineScore(EXAMPLE, NOW);
    expect(r.score).toBe(28.06);
    expect(r.details).toMatchObject({
      step_count: 5,
      total_chars: 153,
      avg_step_length: 30.6,
      step_score: 25,
      length_score: 3.06,
    });
  });
});

describe("baselineScore: the formula", () => {
  it("caps both halves at 50", () => {
    expect(baselineScore(trace(Array(10).fill("x".repeat(500))), NOW).score).toBe(100);
    expect(baselineScore(trace(Array(1000).fill("x".repeat(20_000))), NOW).score).toBe(100);
    expect(baselineScore(trace(Array(20).fill("x")), NOW).details).toMatchObject({
      step_score: 50,
      length_score: 0.1,
    });
  });

  it("the smallest trace: one one-character step", () => {
    expect(baselineScore(trace(["x"]), NOW)).toMatchObject({
      score: 5.1,
      details: { step_count: 1, avg_step_length: 1, total_chars: 1, step_score: 5, length_score: 0.1 },
    });
  });

  it("counts code points, not UTF-16 units: astral characters count once", () => {
    const ascii = baselineScore(trace(["x".repeat(250), "y".repeat(250)]), NOW);
    const emoji = baselineScore(trace(["😀".repeat(250), "𝔘".repeat(250)]), NOW);
    expect(emoji.details.total_chars).toBe(500);
    expect(emoji.details.avg_step_length).toBe(250);
    expect(emoji).toEqual(ascii);
    expect(emoji.score).toBe(35); // 10 + 25; with UTF-16 units it would be 60
  });

  it("a combining sequence counts each code point, like Python len()", () => {
    // "é" written as e + U+0301 is 2 code points; "👩‍👩‍👧" is 5.
    expect(baselineScore(trace(["e\u0301", "👩‍👩‍👧"]), NOW).details.total_chars).toBe(7);
  });

  it("only step contents count (not type, prompt or answer)", () => {
    const a = baselineScore(trace(["abc"]), NOW);
    const b = baselineScore(
      { ...trace(["abc"]), prompt: "x".repeat(5000), final_answer: "y".repeat(5000) },
      NOW,
    );
    expect(b).toEqual(a);
  });

  it("uses the time it is given for scored_at", () => {
    expect(baselineScore(trace(["x"]), NOW).details.scored_at).toBe(NOW.toISOString());
  });

  it("equals the Python formula computed independently, within [0, 100] (property)", () => {
    const content = fc.string({
      unit: fc.constantFrom("a", "é", "😀", " ", "中"),
      minLength: 1,
      maxLength: 700,
    });
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 25 }), (contents) => {
        const r = baselineScore(trace(contents), NOW);
        const lens = contents.map((c) => Array.from(c).length);
        const total = lens.reduce((x, y) => x + y, 0);
        const raw = Math.min(contents.length / 10, 1) * 50 + Math.min(total / contents.length / 500, 1) * 50;
        expect(r.details.total_chars).toBe(total);
        expect(r.details.step_count).toBe(contents.length);
        expect(Math.abs(r.score - raw)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(Math.round(r.score * 100) / 100).toBe(r.score); // two decimals
      }),
      { numRuns: 300 },
    );
  });
});
