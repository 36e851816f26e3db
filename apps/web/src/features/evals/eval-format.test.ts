import { describe, expect, it } from "vitest";
import { accuracyText, splitAtAnswer, subjectText, tokenCount } from "./eval-format";

describe("evaluation formatting", () => {
  it("shows accuracy with its interval", () => {
    expect(accuracyText({ accuracy: 0.62, ci95: [0.551, 0.6844] })).toBe("62.0% (55.1–68.4%)");
  });

  it("groups token counts, with a decimal only for small ones", () => {
    expect([95_800, 1234.56, 67.54].map(tokenCount)).toEqual(["95,800", "1,235", "67.5"]);
  });

  it("names what was evaluated", () => {
    const run = "0190c2a0-0000-7000-8000-000000000001";
    expect(
      subjectText({
        subject: { run_id: run, checkpoint: "checkpoints/400", requested: "best", step: 400 },
        model_id: "tiny",
        trainer: "jax",
      }),
    ).toBe("step 400 (best) of run 0190c2a0");
    expect(
      subjectText({
        subject: { run_id: run, checkpoint: "init", requested: "init", step: 0 },
        model_id: "tiny",
        trainer: "jax",
      }),
    ).toBe("untrained init of run 0190c2a0");
    expect(
      subjectText({
        subject: { run_id: null, checkpoint: "init", requested: "base", step: null },
        model_id: "gemma",
        trainer: "tunix",
      }),
    ).toBe("base gemma (tunix)");
  });

  it("finds the extracted answer's last occurrence to highlight it", () => {
    expect(splitAtAnswer("1. 19 + 0 = 19\nAnswer: 19", "19")).toEqual(["1. 19 + 0 = 19\nAnswer: ", "19", ""]);
    expect(splitAtAnswer("no answer", null)).toBeNull();
    expect(splitAtAnswer("text", "42")).toBeNull();
  });
});
