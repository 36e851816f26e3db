import type { ReasoningTrace } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { answerMatchScore, normalizeAnswer, parseNumber } from "./answer-match.js";

const NOW = new Date("2026-01-02T03:04:05.000Z");
const trace = (finalAnswer: string, meta?: Record<string, unknown> | null): ReasoningTrace => ({
  trace_version: "1.0",
  prompt: "q",
  final_answer: finalAnswer,
  steps: [{ i: 0, type: "t", content: "c" }],
  ...(meta === undefined ? {} : { meta }),
});
const score = (actual: string, expected: unknown) => {
  const r = answerMatchScore(trace(actual, { expected_answer: expected }), NOW);
  if ("missing" in r) throw new Error("expected answer unexpectedly missing");
  return r;
};

describe("normalizeAnswer", () => {
  it("folds case, surrounding whitespace, inner whitespace runs and a trailing period", () => {
    expect(normalizeAnswer("  Paris.  ")).toBe("paris");
    expect(normalizeAnswer("New\t  York\nCity")).toBe("new york city");
    expect(normalizeAnswer("DONE!")).toBe("done");
    expect(normalizeAnswer('"quoted"')).toBe("quoted");
    expect(normalizeAnswer("ＡＢＣ")).toBe("abc"); // NFKC folds full-width letters
  });
});

describe("parseNumber", () => {
  it.each([
    ["42", 42],
    ["42.0", 42],
    ["-3.50", -3.5],
    ["1,000", 1000],
    ["1,234,567.5", 1234567.5],
    ["1/2", 0.5],
    ["-3/4", -0.75],
    ["50%", 0.5],
    ["12.5%", 0.125],
    ["1e3", 1000],
    ["+7", 7],
    [" 42. ", 42],
    ["Answer: 42", 42],
  ])("%j → %d", (s, n) => {
    expect(parseNumber(s)).toBe(n);
  });

  it.each(["", "abc", "1/0", "1,00", "12,34,567", "4 apples", "1.2.3", "--1", "NaN", "Infinity"])(
    "%j is not a number",
    (s) => {
      expect(parseNumber(s)).toBeNull();
    },
  );
});

describe("answerMatchScore", () => {
  it("is missing without meta.expected_answer (absent meta, null meta, absent or null key)", () => {
    expect(answerMatchScore(trace("4"), NOW)).toEqual({ missing: true });
    expect(answerMatchScore(trace("4", null), NOW)).toEqual({ missing: true });
    expect(answerMatchScore(trace("4", { source: "x" }), NOW)).toEqual({ missing: true });
    expect(answerMatchScore(trace("4", { expected_answer: null }), NOW)).toEqual({ missing: true });
  });

  it("exact match scores 100 with method exact and full details", () => {
    expect(score("Paris", "Paris")).toEqual({
      score: 100,
      details: {
        criteria: "answer_match",
        expected: "Paris",
        actual: "Paris",
        match: true,
        method: "exact",
        scored_at: NOW.toISOString(),
      },
    });
  });

  it.each([
    ["paris", "Paris"],
    ["  Paris  ", "Paris"],
    ["Paris.", "Paris"],
    ["PARIS", "paris."],
    ["new   york", "New York"],
  ])("%j matches %j after normalisation", (actual, expected) => {
    expect(score(actual, expected)).toMatchObject({
      score: 100,
      details: { match: true, method: "normalized" },
    });
  });

  it.each([
    ["42.0", "42"],
    ["42", "42.0"],
    ["1,000", "1000"],
    ["1000", "1,000"],
    ["1/2", "0.5"],
    ["0.5", "1/2"],
    ["50%", "0.5"],
    ["0.5", "50%"],
    ["-0.25", "-1/4"],
    ["1e3", "1000"],
    ["0.1", "0.10000000000000001"],
  ])("%j equals %j numerically", (actual, expected) => {
    expect(score(actual, expected)).toMatchObject({
      score: 100,
      details: { match: true, method: "numeric" },
    });
  });

  it("a numeric expected_answer (not a string) is compared too", () => {
    expect(score("42.0", 42)).toMatchObject({ score: 100, details: { expected: "42", method: "numeric" } });
    expect(score("0.5", 0.5)).toMatchObject({ score: 100, details: { method: "exact" } });
    expect(score("1/2", 0.5)).toMatchObject({ score: 100, details: { method: "numeric" } });
  });

  it.each([
    ["41", "42"],
    ["42.01", "42"],
    ["Paris", "London"],
    ["1/3", "0.33"],
    ["50", "50%"],
  ])("%j does not match %j", (actual, expected) => {
    expect(score(actual, expected)).toMatchObject({ score: 0, details: { match: false, method: "none" } });
  });
});
