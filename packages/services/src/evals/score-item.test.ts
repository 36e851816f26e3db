import { describe, expect, it } from "vitest";
import { extractAnswer } from "./extract-answer.js";
import { isWellFormatted, reasoningText } from "./format-check.js";
import { scoreItem } from "./score-item.js";
import { EvalAccumulator } from "./summarize.js";
import { wilsonInterval } from "./wilson.js";

const numbered = (answer: string, steps = ["Add: 12 + 7 = 19", "The result is 19"]) =>
  `Reasoning:\n${steps.map((s, i) => `${i + 1}. ${s}\n`).join("")}Answer: ${answer}`;

describe("scoreItem over real-world answer variants", () => {
  it.each([
    // [model output, expected answer, correct?]
    [numbered("19"), "19", true],
    [numbered("19."), "19", true],
    [numbered(" 19 "), "19", true],
    [numbered("-7"), "-7", true],
    [numbered("−7"), "-7", true], // U+2212 minus sign
    [numbered("1,000"), "1000", true],
    [numbered("1000"), "1,000", true],
    [numbered("3/4"), "0.75", true],
    [numbered("0.75"), "3/4", true],
    [numbered("50%"), "0.5 or 50%", true],
    [numbered("0.5"), "0.5 or 50%", true],
    [numbered("1/2"), "0.5 or 50%", true],
    [numbered("120 km"), "120 km", true],
    [numbered("120"), "120 km", true],
    [numbered("120km"), "120 km", true],
    [numbered("120 miles"), "120 km", false],
    [numbered("$1,200"), "1200", true],
    [numbered("42 apples"), "42", true],
    [numbered("The result is 19"), "19", true],
    [numbered("19 or 20"), "19", false],
    [numbered("18"), "19", false],
    [numbered("190"), "19", false],
    [numbered("Paris"), "paris", true],
    [numbered("Paris, France"), "Paris", false],
    ["<reasoning>12 + 7 = 19</reasoning>\n<answer>19</answer>", "19", true],
    ["<reasoning>12 + 7 = 19</reasoning>\n<answer> 19 </answer>", "19", true],
    // Answers inside reasoning: the answer line wins over numbers in the steps.
    [numbered("19", ["12 + 7 = 20? no", "12 + 7 = 19"]), "19", true],
    [numbered("20", ["12 + 7 = 19"]), "19", false],
    // No layout at all: the last number is the fallback.
    ["12 plus 7 makes 19", "19", true],
    ["12 plus 7 makes 19, I think", "19", true],
    ["I am not sure.", "19", false],
    ["", "19", false],
    // Trailing text after the answer line does not hide it.
    [`${numbered("19")}\nThat is all.`, "19", true],
    ["Final answer: 19", "19", true],
    ["answer: 19", "19", true],
  ])("%j for %j → correct %s", (output, expected, correct) => {
    expect(scoreItem(output, expected, "numbered").correct).toBe(correct);
  });

  it("reports how the answer was found and matched", () => {
    expect(scoreItem(numbered("1,000"), "1000", "numbered")).toEqual({
      extracted: "1,000",
      extraction: "answer_line",
      correct: true,
      match: "numeric",
      formatOk: true,
    });
    expect(scoreItem("<answer>7</answer>", "7", "tagged")).toMatchObject({
      extraction: "tagged",
      formatOk: false,
    });
    expect(scoreItem("it is 7", "7", "numbered")).toMatchObject({
      extraction: "last_number",
      formatOk: false,
    });
    expect(scoreItem("no idea", "7", "numbered")).toMatchObject({
      extracted: null,
      extraction: null,
      match: "none",
    });
  });

  it("uses only the extraction methods an eval set allows, in its order", () => {
    const out = "<answer>5</answer>\nAnswer: 6\nso 7";
    expect(extractAnswer(out)).toEqual({ answer: "5", method: "tagged" });
    expect(extractAnswer(out, ["answer_line", "tagged"])).toEqual({ answer: "6", method: "answer_line" });
    expect(extractAnswer("it is 7", ["tagged", "answer_line"])).toBeNull();
  });
});

describe("format compliance", () => {
  it.each([
    [numbered("19"), "numbered", true],
    ["Reasoning:\n1. a\n3. b\nAnswer: 1", "numbered", false], // steps must count 1, 2, 3
    ["Reasoning:\n1. a\nAnswer: 1\nmore", "numbered", false], // nothing after the answer
    ["Sure! Reasoning:\n1. a\nAnswer: 1", "numbered", false],
    ["Reasoning:\nAnswer: 1", "numbered", false], // no steps
    ["Reasoning:\n1. a\nAnswer: ", "numbered", false], // empty answer
    ["<reasoning>a\nb</reasoning>\n<answer>1</answer>", "tagged", true],
    ["<reasoning></reasoning>\n<answer>1</answer>", "tagged", false],
    ["<reasoning>a</reasoning><answer>1</answer>", "tagged", false],
    [numbered("19"), "tagged", false],
  ] as const)("%j as %s → %s", (output, style, ok) => {
    expect(isWellFormatted(output, style)).toBe(ok);
  });

  it("measures the reasoning, not the answer", () => {
    expect(reasoningText(numbered("19"), "numbered")).toBe("1. Add: 12 + 7 = 19\n2. The result is 19");
    expect(reasoningText("<reasoning>x y</reasoning>\n<answer>1</answer>", "tagged")).toBe("x y");
    expect(reasoningText("thinking hard\nAnswer: 3", "numbered")).toBe("thinking hard");
  });
});

describe("accuracy with its uncertainty", () => {
  it("Wilson interval: known values, never outside [0, 1], honest at the edges", () => {
    const [lo, hi] = wilsonInterval(50, 100);
    expect(lo).toBeCloseTo(0.4038, 4);
    expect(hi).toBeCloseTo(0.5962, 4);
    const zero = wilsonInterval(0, 100);
    expect(zero[0]).toBe(0);
    expect(zero[1]).toBeCloseTo(0.037, 3);
    expect(wilsonInterval(100, 100)[1]).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it("summarises items with breakdowns by category and difficulty", () => {
    const acc = new EvalAccumulator();
    const item = (correct: boolean, category: string | null, difficulty: string | null, tokens: number) =>
      acc.add({
        correct,
        formatOk: correct,
        answered: true,
        category,
        difficulty,
        outputTokens: tokens,
        reasoningTokens: tokens / 2,
      });
    item(true, "add", "1", 10);
    item(false, "add", "2", 20);
    item(true, "mul", "2", 30);
    item(true, null, null, 40);
    const s = acc.summary();
    expect(s).toMatchObject({ n: 4, correct: 3, accuracy: 0.75, format_rate: 0.75, answered: 4 });
    expect(s.mean_output_tokens).toBe(25);
    expect(s.mean_reasoning_tokens).toBe(12.5);
    expect(s.tokens_per_correct).toBeCloseTo(100 / 3);
    expect(Object.keys(s.by_category)).toEqual(["add", "mul"]);
    expect(s.by_category.add).toMatchObject({ n: 2, correct: 1, accuracy: 0.5 });
    expect(s.by_difficulty["2"]).toMatchObject({ n: 2, correct: 1 });
    expect(s.ci95[0]).toBeLessThan(0.75);
    expect(s.ci95[1]).toBeGreaterThan(0.75);
  });
});
