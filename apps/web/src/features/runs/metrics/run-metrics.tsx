import { useQuery } from "@tanstack/react-query";
import type { RunStreamMetricPoint } from "@tunix-rt/contracts";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api } from "../../../shared/api";
import { ErrorAlert } from "../../../shared/error-alert";
import { queryKeys } from "../../../shared/query-keys";
import { MetricChart } from "./metric-chart";
import {
  addLivePoints,
  groupSeries,
  type LivePoints,
  mergeSeries,
  parentPart,
  type ResumedFrom,
  type Series,
} from "./series";

/** Points per series the server sends (it downsamples); live points are added as they come. */
const MAX_POINTS = 1000;

/**
 * A run's metric series: fetched once (downsampled on the server), then extended by the `metric`
 * events of the log stream. `addPoints` is what the stream feeds.
 */
export function useRunMetrics(runId: string, resumed: ResumedFrom | null = null) {
  const fetched = useQuery({
    queryKey: queryKeys.runMetrics(runId),
    queryFn: () => api.runs.metrics(runId, { maxPoints: MAX_POINTS }),
  });
  // A resumed run's curve starts where its parent's stopped: the parent's part is drawn before it.
  const parentFetched = useQuery({
    queryKey: queryKeys.runMetrics(resumed?.run_id ?? ""),
    queryFn: () => api.runs.metrics(resumed!.run_id, { maxPoints: MAX_POINTS }),
    enabled: resumed !== null,
  });
  const live = useRef<LivePoints>(new Map());
  const [liveVersion, setLiveVersion] = useState(0);
  const frame = useRef(0);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  const addPoints = useCallback((points: RunStreamMetricPoint[]) => {
    addLivePoints(live.current, points);
    if (!frame.current)
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        setLiveVersion((v) => v + 1);
      });
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: liveVersion marks a change inside the ref.
  const series = useMemo(
    () => mergeSeries(fetched.data?.series ?? [], live.current),
    [fetched.data, liveVersion],
  );
  const parent = useMemo<Series[]>(
    () =>
      resumed && parentFetched.data
        ? parentPart(mergeSeries(parentFetched.data.series, new Map()), series, resumed.step)
        : [],
    [resumed, parentFetched.data, series],
  );
  return { series, parent, parentRunId: resumed?.run_id ?? null, fetched, addPoints };
}

export function RunMetrics({ metrics }: { metrics: ReturnType<typeof useRunMetrics> }) {
  const { series, parent, parentRunId, fetched } = metrics;
  return (
    <section className="card" aria-labelledby="metrics-h" data-testid="run:metrics">
      <h2 id="metrics-h" className="card-title">
        Metrics
      </h2>
      {fetched.isError && (
        <ErrorAlert error={fetched.error} testId="run:metrics-error" title="Could not load metrics" />
      )}
      {fetched.isPending && <p className="muted">Loading metrics…</p>}
      {fetched.isSuccess && series.length === 0 && (
        <p className="muted" data-testid="run:metrics-empty">
          No metrics yet: they appear here as the trainer writes them to metrics.jsonl.
        </p>
      )}
      <div className="chart-grid-list">
        {groupSeries(series).map((g) => (
          <MetricChart
            key={g.name}
            name={g.name}
            series={g.series}
            parent={parent.filter((p) => g.series.some((s) => s.name === p.name))}
            parentRunId={parentRunId}
          />
        ))}
      </div>
    </section>
  );
}
