import type { ReasoningTrace } from "@tunix-rt/contracts";
import { codePointLength, pyRound } from "./round-half-even.js";

export interface BaselineDetails {
  step_count: number;
  avg_step_length: number;
  total_chars: number;
  step_score: number;
  length_score: number;
  criteria: "baseline";
  scored_at: string;
}

/** The seed's baseline formula, exactly: more and longer steps score higher. */
export function baselineScore(
  trace: ReasoningTrace,
  now = new Date(),
): { score: number; details: BaselineDetails } {
  const stepCount = trace.steps.length;
  const totalChars = trace.steps.reduce((sum, s) => sum + codePointLength(s.content), 0);
  const avgStepLength = stepCount > 0 ? totalChars / stepCount : 0;
  const stepScore = Math.min(stepCount / 10, 1) * 50;
  const lengthScore = Math.min(avgStepLength / 500, 1) * 50;
  return {
    score: pyRound(stepScore + lengthScore, 2),
    details: {
      step_count: stepCount,
      avg_step_length: pyRound(avgStepLength, 2),
      total_chars: totalChars,
      step_score: pyRound(stepScore, 2),
      length_score: pyRound(lengthScore, 2),
      criteria: "baseline",
      scored_at: now.toISOString(),
    },
  };
}
