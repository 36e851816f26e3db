import { useQueryClient } from "@tanstack/react-query";
import type { RunDetail, RunStreamStatus } from "@tunix-rt/contracts";
import { type ReactNode, useEffect, useMemo, useRef } from "react";
import { api } from "../../shared/api";
import { queryKeys } from "../../shared/query-keys";
import { isActive, isTerminal } from "../../shared/run-status";
import { ArtifactBrowser } from "./artifacts/artifact-browser";
import { LogViewer } from "./logs/log-viewer";
import { useRunLogs } from "./logs/use-run-logs";
import { RunMetrics, useRunMetrics } from "./metrics/run-metrics";
import { resumedFrom } from "./metrics/series";

/**
 * The live parts of a run page, all fed by one SSE connection: the log, the metric charts (fetched
 * once, then extended by `metric` events) and the artifacts (refreshed when the status changes).
 */
export function RunLive({ run, side }: { run: RunDetail; side?: ReactNode }) {
  const queryClient = useQueryClient();
  const resumed = useMemo(() => resumedFrom(run.config), [run.config]);
  const metrics = useRunMetrics(run.run_id, resumed);
  const onStatus = (s: RunStreamStatus) => {
    const cached = queryClient.getQueryData<RunDetail>(queryKeys.run(run.run_id));
    if (cached?.status === s.status) return;
    // The detail has the times, worker and error that go with the new status.
    void queryClient.invalidateQueries({ queryKey: queryKeys.run(run.run_id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.runLists });
  };
  // Once the run has ended (seen by the stream or by a refetch of the detail, whichever is first),
  // the final checkpoints and metric points are fetched once more.
  const wasActive = useRef(!isTerminal(run.status));
  useEffect(() => {
    if (!isTerminal(run.status) || !wasActive.current) return;
    wasActive.current = false;
    void queryClient.invalidateQueries({ queryKey: queryKeys.runArtifacts(run.run_id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.runMetrics(run.run_id) });
  }, [run.status, run.run_id, queryClient]);
  const logs = useRunLogs(run.run_id, { onMetric: metrics.addPoints, onStatus });

  return (
    <div className="run-columns">
      <div className="run-main">
        {/* The curves first: on a laptop screen they are what a glance at a run is for. */}
        <RunMetrics metrics={metrics} />
        <section className="card" aria-labelledby="logs-h">
          <h2 id="logs-h" className="card-title">
            Logs
          </h2>
          <LogViewer
            buffer={logs.buffer}
            version={logs.version}
            connection={logs.connection}
            onReconnect={logs.reconnect}
            downloadUrl={api.runs.logsTxtUrl(run.run_id)}
          />
        </section>
      </div>
      <div className="run-side">
        <ArtifactBrowser runId={run.run_id} active={isActive(run.status)} />
        {side}
      </div>
    </div>
  );
}
