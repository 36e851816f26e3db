import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { CompareEvaluations } from "../features/evals/compare-evaluations";
import { subjectText } from "../features/evals/eval-format";
import { EvalItems } from "../features/evals/eval-items";
import { EvaluationSummary } from "../features/evals/evaluation-summary";
import { EvalProgress } from "../features/evals/evaluations-list";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { queryKeys } from "../shared/query-keys";
import { isActive } from "../shared/run-status";
import { StatusBadge } from "../shared/status-badge";
import "../features/evals/evals.css";

/** /evals/:id: one evaluation, live while it runs; then its figures and every item's answer. */
export function EvaluationRoute() {
  const id = useParams().id ?? "";
  const e = useQuery({
    queryKey: queryKeys.evaluation(id),
    queryFn: () => api.evals.get(id),
    refetchInterval: (q) => (q.state.data && isActive(q.state.data.status) ? 1000 : false),
  });
  const d = e.data;
  return (
    <div className="evals-page">
      <title>{`Evaluation ${id.slice(0, 8)} · tunix-rt`}</title>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/evals">Evaluations</Link> <span aria-hidden="true">/</span> <code>{id}</code>
      </nav>
      {e.isPending && <p className="muted">Loading evaluation…</p>}
      {e.isError && (
        <ErrorAlert error={e.error} testId="evals:load-error" title={`Could not load evaluation ${id}`} />
      )}
      {d && (
        <>
          <section className="card" data-testid="evals:detail" data-status={d.status}>
            <div className="card-title-row">
              <h1 className="card-title">{subjectText(d)}</h1>
              <StatusBadge status={d.status} testId="evals:status" />
              <span className="muted">
                on <strong>{d.eval_set.key}</strong> ({d.eval_set.item_count} items) · {d.model_id} ·{" "}
                {d.trainer}
              </span>
            </div>
            <p className="muted small">
              Prompts rendered in the {d.response_style} layout
              {d.system_instruction ? " with the model's system instruction" : ""}; judged by {d.judge.name} v
              {d.judge.version}.{" "}
              {d.subject.run_id && <Link to={`/runs/${d.subject.run_id}`}>The training run</Link>} ·{" "}
              <Link to={`/runs/${d.evaluation_id}`}>this evaluation's run (log, cancel, retry)</Link>
            </p>
            <EvalProgress e={d} />
            {d.error && <p className="alert alert-error">{d.error}</p>}
            <EvaluationSummary e={d} />
          </section>
          {d.summary && <CompareEvaluations e={d} />}
          {d.summary && (
            <section className="card">
              <EvalItems evaluationId={d.evaluation_id} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
