import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";
import { isActive } from "../../shared/run-status";
import { StatusBadge } from "../../shared/status-badge";
import { AccuracyChart } from "./accuracy-chart";
import { accuracyText, pct } from "./eval-format";
import { EvaluateForm } from "./evaluate-form";
import "./evals.css";

/**
 * A training run's evaluation over its checkpoints: per eval set, accuracy with its interval and
 * format compliance by step, the best checkpoint marked; and a form to evaluate a checkpoint now.
 */
export function RunEvaluations({ runId, runActive }: { runId: string; runActive: boolean }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const evals = useQuery({
    queryKey: queryKeys.runEvaluations(runId),
    queryFn: () => api.evals.ofRun(runId),
    refetchInterval: (q) =>
      runActive || q.state.data?.eval_sets.some((s) => s.points.some((p) => isActive(p.status)))
        ? 2000
        : false,
  });
  // The checkpoint saved at the end is queued for evaluation just before the run ends: look again then.
  const { refetch } = evals;
  useEffect(() => {
    if (!runActive) void refetch();
  }, [runActive, refetch]);
  const sets = evals.data?.eval_sets ?? [];
  return (
    <section className="card" aria-labelledby="run-evals-h" data-testid="run:evaluations">
      <div className="card-title-row">
        <h2 id="run-evals-h" className="card-title">
          Evaluation
        </h2>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setOpen(!open)}
          data-testid="run:evaluate-open"
        >
          {open ? "Close" : "Evaluate a checkpoint"}
        </button>
      </div>
      {open && <EvaluateForm runId={runId} onQueued={(e) => navigate(`/evals/${e.evaluation_id}`)} />}
      {evals.isError && (
        <ErrorAlert error={evals.error} testId="run:evaluations-error" title="Could not load evaluations" />
      )}
      {evals.isSuccess && sets.length === 0 && (
        <p className="muted" data-testid="run:evaluations-empty">
          Not evaluated yet. Name eval sets when submitting (every saved checkpoint is then evaluated), or
          evaluate a checkpoint here.
        </p>
      )}
      {sets.map((s) => (
        <div key={s.key} className="run-eval-set" data-testid={`run:eval-set-${s.key}`}>
          <h3 className="small-title">
            on {s.key}
            {s.best && (
              <span className="best-mark" data-testid="run:best-checkpoint" data-step={s.best.step}>
                best: step {s.best.step} by{" "}
                {evals.data?.best_metric === "format_rate" ? "format" : "accuracy"}
              </span>
            )}
          </h3>
          <AccuracyChart points={s.points} best={s.best?.step ?? null} />
          <table className="table compact" data-testid="run:eval-points">
            <thead>
              <tr>
                <th className="num">Step</th>
                <th className="num">Accuracy (95% interval)</th>
                <th className="num">Format</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {s.points.map((p) => (
                <tr
                  key={p.evaluation_id}
                  className={s.best?.evaluation_id === p.evaluation_id ? "is-best" : ""}
                >
                  <td className="num">
                    <Link to={`/evals/${p.evaluation_id}`}>{p.checkpoint === "init" ? "init" : p.step}</Link>
                  </td>
                  <td className="num">
                    {p.accuracy !== null && p.ci95
                      ? accuracyText({ accuracy: p.accuracy, ci95: p.ci95 })
                      : "—"}
                  </td>
                  <td className="num">{p.format_rate !== null ? pct(p.format_rate) : "—"}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
