import type { CompareTracesResponse } from "@tunix-rt/contracts";
import { AppError } from "../app-error.js";
import { alignSteps } from "../compare/align-steps.js";
import { diffText } from "../compare/text-diff.js";
import type { ServiceDeps } from "../deps.js";
import { isUuid } from "../ids.js";
import { baselineScore } from "../scoring/baseline-score.js";
import { pyRound } from "../scoring/round-half-even.js";
import { getTrace } from "./get-trace.js";

/**
 * The seed's compare ({base, other} with baseline scores computed on the fly, not persisted)
 * plus a step alignment and a diff of the final answers.
 */
export async function compareTraces(
  deps: ServiceDeps,
  baseId: string,
  otherId: string,
): Promise<CompareTracesResponse> {
  const errors = [
    ...(isUuid(baseId) ? [] : [{ field: "query/base", message: "must be a UUID" }]),
    ...(isUuid(otherId) ? [] : [{ field: "query/other", message: "must be a UUID" }]),
  ];
  if (errors.length) throw new AppError("validation", "base and other must be trace ids", { errors });
  const [base, other] = await Promise.all([
    getTrace(deps, baseId, "Base trace"),
    getTrace(deps, otherId, "Other trace"),
  ]);
  const baseScore = baselineScore(base.payload).score;
  const otherScore = baselineScore(other.payload).score;
  const parts = diffText(base.payload.final_answer, other.payload.final_answer);
  return {
    base: { ...base, score: baseScore },
    other: { ...other, score: otherScore },
    alignment: alignSteps(base.payload.steps, other.payload.steps),
    final_answer_diff: { equal: base.payload.final_answer === other.payload.final_answer, parts },
    score_delta: pyRound(otherScore - baseScore, 2),
  };
}
