import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { RunEvaluations } from "../features/evals/run-evaluations";
import { Findings } from "../features/runs/findings";
import { RunActions } from "../features/runs/run-actions";
import { RunConfig } from "../features/runs/run-config";
import { RunLive } from "../features/runs/run-live";
import { RunName } from "../features/runs/run-name";
import { RunProgress } from "../features/runs/run-progress";
import { RunTimeline } from "../features/runs/run-timeline";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { queryKeys } from "../shared/query-keys";
import { isActive } from "../shared/run-status";
import { StatusBadge } from "../shared/status-badge";
import "../features/runs/runs.css";

/** /runs/:id: one run, live: its timeline, log, curves, artifacts and config. */
export function RunRoute() {
  const id = useParams().id ?? "";
  const navigate = useNavigate();
  const run = useQuery({
    queryKey: queryKeys.run(id),
    queryFn: () => api.runs.get(id),
    // The log stream's status events refresh it at once; polling keeps the progress and the queue
    // position current (and is the fallback while the stream reconnects).
    refetchInterval: (q) => (q.state.data && isActive(q.state.data.status) ? 3_000 : false),
  });
  const r = run.data;

  return (
    <div className="run-page">
      <title>{`Run ${id.slice(0, 8)} · tunix-rt`}</title>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/runs">Runs</Link> <span aria-hidden="true">/</span> <code>{id}</code>
      </nav>
      {run.isPending && <p className="muted">Loading run…</p>}
      {run.isError && (
        <ErrorAlert error={run.error} testId="run:load-error" title={`Could not load run ${id}`} />
      )}
      {r && (
        <>
          <section className="card run-head" data-testid="run:detail" data-run-id={r.run_id}>
            <div className="card-title-row">
              <h1 className="card-title run-title">
                {r.mode === "dry-run" ? "Dry run" : "Run"} <code>{r.run_id.slice(0, 8)}</code>
              </h1>
              <RunName run={r} />
              <StatusBadge status={r.status} testId="run:status" />
              <span className="muted run-subtitle">
                {r.dataset_key} · {r.model_id} · {r.trainer}
              </span>
              <RunActions run={r} onRetried={(newId) => navigate(`/runs/${newId}`)} />
            </div>
            <RunProgress run={r} testId="run:progress" />
            <RunTimeline run={r} />
          </section>
          {r.mode === "dry-run" ? (
            <div className="run-columns">
              <div className="run-main">
                <section className="card" aria-labelledby="findings-h">
                  <h2 id="findings-h" className="card-title">
                    Findings
                  </h2>
                  <Findings findings={r.findings ?? []} testId="run:findings" />
                </section>
              </div>
              <div className="run-side">
                <RunConfig run={r} />
              </div>
            </div>
          ) : (
            <>
              {r.kind === "eval" && (
                <p className="alert alert-info" data-testid="run:is-evaluation">
                  This run is an evaluation:{" "}
                  <Link to={`/evals/${r.run_id}`}>see its accuracy and every answer</Link>.
                </p>
              )}
              <RunLive key={r.run_id} run={r} side={<RunConfig run={r} />} />
              {r.kind === "train" && <RunEvaluations runId={r.run_id} runActive={isActive(r.status)} />}
            </>
          )}
        </>
      )}
    </div>
  );
}
