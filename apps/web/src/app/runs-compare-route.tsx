import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { CompareChart } from "../features/runs/compare/compare-chart";
import { metricNames, overlay, runLabel } from "../features/runs/compare/compare-data";
import { CompareMetrics, CompareParams } from "../features/runs/compare/compare-tables";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { isActive } from "../shared/run-status";
import "../features/runs/runs.css";

/** Points per series and run: enough for a smooth curve; the server keeps each window's extremes. */
const MAX_POINTS = 2000;

/** /runs/compare?ids=a,b,c: runs overlaid per metric, what differed, final and best values. */
export function RunsCompareRoute() {
  const [params] = useSearchParams();
  const ids = useMemo(() => (params.get("ids") ?? "").split(",").filter(Boolean), [params]);
  const comparison = useQuery({
    queryKey: ["runs", "compare", ids],
    queryFn: () => api.runs.compare(ids),
    enabled: ids.length >= 2,
    refetchInterval: (q) => (q.state.data?.runs.some((r) => isActive(r.status)) ? 5_000 : false),
  });
  // Only the runs still going get their points again; a finished run's curve no longer changes.
  const active = new Set(comparison.data?.runs.filter((r) => isActive(r.status)).map((r) => r.run_id));
  const metrics = useQueries({
    queries: ids.map((id) => ({
      queryKey: ["runs", id, "metrics", MAX_POINTS],
      queryFn: () => api.runs.metrics(id, { maxPoints: MAX_POINTS }),
      refetchInterval: active.has(id) ? 5_000 : (false as const),
    })),
  });
  const c = comparison.data;
  const series = metrics.map((m) => m.data?.series);
  const names = metricNames(series);
  const labels = useMemo(() => (c ? c.runs.map((_, i) => runLabel(c, i)) : []), [c]);

  return (
    <div className="runs-compare-page">
      <title>{`Compare ${ids.length} runs · tunix-rt`}</title>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/runs">Runs</Link> <span aria-hidden="true">/</span> Compare
      </nav>
      <h1 className="card-title">Compare {ids.length} runs</h1>
      {ids.length < 2 && (
        <p className="alert alert-info" data-testid="compare:too-few">
          Pick two to eight runs on the <Link to="/runs">Runs</Link> page to compare them.
        </p>
      )}
      {comparison.isError && (
        <ErrorAlert error={comparison.error} testId="compare:error" title="Could not compare these runs" />
      )}
      {c && (
        <>
          <section className="compare-charts" aria-label="Metrics over steps" data-testid="compare:charts">
            {names.length === 0 && <p className="muted">No metrics logged yet.</p>}
            {names.map((name) => (
              <CompareChart
                key={name}
                name={name}
                labels={labels}
                data={overlay(series.map((s) => s?.find((x) => x.name === name)?.points))}
              />
            ))}
          </section>
          <CompareParams c={c} />
          <CompareMetrics c={c} />
        </>
      )}
    </div>
  );
}
