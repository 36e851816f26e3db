import { useQuery } from "@tanstack/react-query";
import type { EvaluationComparison } from "@tunix-rt/contracts";
import { Link, useSearchParams } from "react-router";
import { subjectText } from "../features/evals/eval-format";
import { FlippedItems } from "../features/leaderboard/flipped-items";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { queryKeys } from "../shared/query-keys";
import "../features/leaderboard/leaderboard.css";
import "../features/compare/compare.css";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pts = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}`;
const CONCLUSION: Record<EvaluationComparison["conclusion"], string> = {
  candidate_better: "The candidate is better: the whole interval is above zero.",
  candidate_worse: "The candidate is worse: the whole interval is below zero.",
  no_difference_shown: "No difference shown: the interval includes zero (more items would narrow it).",
};

function Side({
  label,
  s,
  contaminated,
}: {
  label: string;
  s: EvaluationComparison["baseline"];
  contaminated: number | null;
}) {
  return (
    <div className="mvm-side" data-testid={`mvm:${label}`}>
      <p className="eyebrow">{label}</p>
      <p>
        <Link to={`/evals/${s.evaluation_id}`}>{subjectText({ ...s, trainer: "" })}</Link>
      </p>
      <p className="eval-accuracy">{pct(s.accuracy)}</p>
      <p className="muted small">
        95% interval {pct(s.ci95[0])}–{pct(s.ci95[1])}
        {contaminated ? ` · ⚑ ${contaminated} items in its training data` : ""}
      </p>
    </div>
  );
}

/** /evals/compare?baseline=&candidate=: two models (or two checkpoints of one run) on one eval set. */
export function ModelCompareRoute() {
  const [params] = useSearchParams();
  const baseline = params.get("baseline") ?? "";
  const candidate = params.get("candidate") ?? "";
  const cmp = useQuery({
    queryKey: queryKeys.evaluationComparison(baseline, candidate),
    queryFn: () => api.evals.compare(baseline, candidate),
    enabled: baseline !== "" && candidate !== "",
  });
  const c = cmp.data;
  return (
    <div className="page-stack">
      <title>Model vs model · tunix-rt</title>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/leaderboard">Leaderboard</Link> / model vs model
      </nav>
      <section className="card" aria-labelledby="mvm-h">
        <h1 className="card-title" id="mvm-h">
          Model vs model{c ? ` on ${c.eval_set}` : ""}
        </h1>
        {(!baseline || !candidate) && (
          <p className="empty-state">
            Pick two models on the Leaderboard, or two evaluations of one eval set.
          </p>
        )}
        {cmp.isError && (
          <ErrorAlert error={cmp.error} testId="mvm:error" title="Could not compare these evaluations" />
        )}
        {c && (
          <>
            <div className="mvm-sides">
              <Side label="baseline" s={c.baseline} contaminated={c.contaminated_items.baseline} />
              <Side label="candidate" s={c.candidate} contaminated={c.contaminated_items.candidate} />
            </div>
            <p className="eval-headline" data-testid="mvm:difference" data-conclusion={c.conclusion}>
              <span className="eval-accuracy">{pts(c.difference)} points</span>
              <span className="muted">
                paired 95% interval {pts(c.ci95[0])} to {pts(c.ci95[1])} · bootstrap{" "}
                {pts(c.bootstrap.ci95[0])} to {pts(c.bootstrap.ci95[1])} ({c.bootstrap.resamples} resamples) ·
                exact McNemar p = {c.mcnemar_p.toPrecision(3)}
              </span>
            </p>
            <p>{CONCLUSION[c.conclusion]}</p>
            <p className="muted" data-testid="mvm:counts">
              {c.only_candidate} items went wrong → right, {c.only_baseline} right → wrong; {c.both_correct}{" "}
              right in both, {c.both_wrong} wrong in both ({c.n} items).
            </p>
          </>
        )}
      </section>
      {c && <FlippedItems baseline={baseline} candidate={candidate} />}
    </div>
  );
}
