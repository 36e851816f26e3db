import { useQuery } from "@tanstack/react-query";
import type { EvaluationComparison, EvaluationDetail } from "@tunix-rt/contracts";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";
import { accuracyText, subjectText } from "./eval-format";

const points = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}`;

const CONCLUSION: Record<EvaluationComparison["conclusion"], string> = {
  candidate_better: "better: the whole interval is above zero",
  candidate_worse: "worse: the whole interval is below zero",
  no_difference_shown: "no difference shown: the interval includes zero",
};

function Comparison({ c }: { c: EvaluationComparison }) {
  return (
    <div data-testid="evals:comparison" data-conclusion={c.conclusion}>
      <p className="eval-headline">
        <span className="eval-accuracy" data-testid="evals:difference">
          {points(c.difference)} points
        </span>
        <span className="muted">
          95% interval {points(c.ci95[0])} to {points(c.ci95[1])} (paired, {c.n} items) ·{" "}
          {CONCLUSION[c.conclusion]}
        </span>
      </p>
      <dl className="facts">
        <dt>This evaluation</dt>
        <dd>{accuracyText(c.candidate)}</dd>
        <dt>Baseline</dt>
        <dd>
          {accuracyText(c.baseline)} ·{" "}
          <Link to={`/evals/${c.baseline.evaluation_id}`}>{subjectText({ ...c.baseline, trainer: "" })}</Link>
        </dd>
        <dt>Items</dt>
        <dd>
          {c.only_candidate} right only here, {c.only_baseline} only in the baseline, {c.both_correct} in
          both, {c.both_wrong} in neither
        </dd>
      </dl>
    </div>
  );
}

/**
 * Against another completed evaluation of the same eval set (by default the untrained model's):
 * did this model get better, by how much, how sure are we.
 */
export function CompareEvaluations({ e }: { e: EvaluationDetail }) {
  const query = { eval_set: e.eval_set.key, status: "completed" as const, limit: 100 };
  const others = useQuery({
    queryKey: queryKeys.evaluationList(query),
    queryFn: () => api.evals.list(query),
  });
  const candidates = (others.data?.data ?? []).filter((o) => o.evaluation_id !== e.evaluation_id);
  const fallback = candidates.find((o) => o.subject.checkpoint === "init") ?? candidates[0];
  const [picked, setPicked] = useState<string | null>(null);
  const baseline = picked ?? fallback?.evaluation_id ?? null;
  const cmp = useQuery({
    queryKey: queryKeys.evaluationComparison(baseline ?? "", e.evaluation_id),
    queryFn: () => api.evals.compare(baseline!, e.evaluation_id),
    enabled: baseline !== null,
  });
  if (others.isSuccess && candidates.length === 0) return null;
  return (
    <section className="card" aria-labelledby="compare-title">
      <div className="card-title-row">
        <h2 className="card-title" id="compare-title">
          Compared with
        </h2>
        <select
          value={baseline ?? ""}
          onChange={(ev) => setPicked(ev.target.value)}
          aria-label="Baseline evaluation"
          data-testid="evals:baseline"
        >
          {candidates.map((o) => (
            <option key={o.evaluation_id} value={o.evaluation_id}>
              {subjectText(o)} · {o.summary ? accuracyText(o.summary) : ""}
            </option>
          ))}
        </select>
      </div>
      {cmp.isError && <ErrorAlert error={cmp.error} title="Could not compare" testId="evals:compare-error" />}
      {cmp.data && <Comparison c={cmp.data} />}
    </section>
  );
}
