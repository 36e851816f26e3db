// `tunix-rt evals compare`: two evaluations of one eval set, item by item.
import type { EvaluationComparison } from "@tunix-rt/contracts";
import { formatAccuracy } from "./format-evals.js";

const points = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}`;

const CONCLUSION: Record<EvaluationComparison["conclusion"], string> = {
  candidate_better: "the candidate is better (the whole interval is above zero)",
  candidate_worse: "the candidate is worse (the whole interval is below zero)",
  no_difference_shown: "no difference shown (the interval includes zero; more items would narrow it)",
};

function who(side: EvaluationComparison["baseline"]): string {
  const s = side.subject;
  if (!s.run_id) return `base ${side.model_id}`;
  return `run ${s.run_id} ${s.checkpoint === "init" ? "init" : `step ${s.step}`}`;
}

export function formatComparison(c: EvaluationComparison): string[] {
  const side = (x: EvaluationComparison["baseline"], right: number) =>
    `${formatAccuracy({ accuracy: x.accuracy, ci95: x.ci95, correct: right, n: c.n })}  ${who(x)} (${x.evaluation_id})`;
  return [
    `comparison on ${c.eval_set} (${c.n} items answered by both)`,
    `  baseline      ${side(c.baseline, c.both_correct + c.only_baseline)}`,
    `  candidate     ${side(c.candidate, c.both_correct + c.only_candidate)}`,
    `  difference    ${points(c.difference)} points [${points(c.ci95[0])} to ${points(c.ci95[1])}] (95% paired interval)`,
    `  conclusion    ${CONCLUSION[c.conclusion]}`,
    `  evidence      McNemar exact p = ${c.mcnemar_p.toPrecision(3)}; paired bootstrap [${points(c.bootstrap.ci95[0])} to ${points(c.bootstrap.ci95[1])}] (${c.bootstrap.resamples} resamples, seed ${c.bootstrap.seed})`,
    `  items         ${c.only_candidate} right only for the candidate, ${c.only_baseline} only for the baseline, ${c.both_correct} for both, ${c.both_wrong} for neither`,
  ];
}
