import type { GateCheckBody, GateResult } from "@tunix-rt/contracts";
import type { ServiceDeps } from "../deps.js";
import { compareEvaluations } from "../evals/compare-evaluations.js";
import { latestEvaluationOf, resolveModelRef } from "../leaderboard/model-ref.js";
import { getBaselineRow } from "./baselines.js";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number) => `${(x * 100).toFixed(1)} points`;

/**
 * The regression gate. The candidate fails when the paired 95% interval of (candidate − baseline)
 * accuracy lies wholly below −max_drop: it is worse by more than allowed, beyond what noise
 * explains. It passes otherwise, or with `require_evidence` only when the whole interval is at or
 * above −max_drop (shown to be within the allowance). Undecided when an evaluation is missing.
 */
export async function checkGate(deps: ServiceDeps, body: GateCheckBody): Promise<GateResult> {
  const row = await getBaselineRow(deps, body.baseline_name);
  const maxDrop = body.max_drop ?? Number(row.max_drop);
  const baseModel = await resolveModelRef(deps, row.model, "baseline");
  const candRef = body.candidate ?? body.run_id!;
  const candModel = await resolveModelRef(deps, candRef, body.candidate ? "candidate" : "run_id");
  const [baseEval, candEval] = await Promise.all([
    latestEvaluationOf(deps, baseModel, row.eval_set_id),
    latestEvaluationOf(deps, candModel, row.eval_set_id),
  ]);
  const side = (model: string) => ({
    model,
    evaluation_id: null,
    accuracy: null,
    n: null,
    ci95: null,
    contaminated_items: null,
  });
  const common = {
    baseline_name: row.name,
    eval_set: row.eval_set_key,
    max_drop: maxDrop,
    metric_name: "accuracy" as const,
  };
  if (!baseEval || !candEval) {
    const missing = !baseEval ? `the baseline ${row.model}` : `the candidate ${candRef}`;
    return {
      ...common,
      verdict: "undecided",
      reason: `No completed evaluation of ${missing} on ${row.eval_set_key}; evaluate it there, then check again.`,
      baseline: side(row.model),
      candidate: side(candRef),
      difference: null,
      ci95: null,
      bootstrap_ci95: null,
      mcnemar_p: null,
      flips: null,
      baseline_value: null,
      current_value: null,
      delta: null,
    };
  }
  const c = await compareEvaluations(deps, { baseline: baseEval, candidate: candEval });
  const [lo, hi] = c.ci95;
  const evidence = `${pct(c.candidate.accuracy)} vs ${pct(c.baseline.accuracy)} on ${c.n} items (difference ${pts(c.difference)}, 95% interval ${pts(lo)} to ${pts(hi)}; ${c.only_candidate} improved, ${c.only_baseline} regressed, McNemar p = ${c.mcnemar_p.toPrecision(3)})`;
  let verdict: GateResult["verdict"];
  let reason: string;
  if (hi < -maxDrop) {
    verdict = "fail";
    reason = `Worse than the baseline by more than the allowed ${pts(maxDrop)}, beyond noise: ${evidence}.`;
  } else if (lo >= -maxDrop) {
    verdict = "pass";
    reason = `Within the allowed drop of ${pts(maxDrop)}: ${evidence}.`;
  } else if (body.require_evidence) {
    verdict = "undecided";
    reason = `Not shown to be within the allowed drop of ${pts(maxDrop)} (the interval reaches below it; more items would tell): ${evidence}.`;
  } else {
    verdict = "pass";
    reason = `Not shown to be worse than the allowed drop of ${pts(maxDrop)}: ${evidence}.`;
  }
  return {
    ...common,
    verdict,
    reason,
    baseline: {
      model: row.model,
      evaluation_id: baseEval,
      accuracy: c.baseline.accuracy,
      n: c.n,
      ci95: c.baseline.ci95,
      contaminated_items: c.contaminated_items.baseline,
    },
    candidate: {
      model: candRef,
      evaluation_id: candEval,
      accuracy: c.candidate.accuracy,
      n: c.n,
      ci95: c.candidate.ci95,
      contaminated_items: c.contaminated_items.candidate,
    },
    difference: c.difference,
    ci95: c.ci95,
    bootstrap_ci95: c.bootstrap.ci95,
    mcnemar_p: c.mcnemar_p,
    flips: { improved: c.only_candidate, regressed: c.only_baseline },
    baseline_value: c.baseline.accuracy,
    current_value: c.candidate.accuracy,
    delta: c.difference,
  };
}
