import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { EvaluationDetail } from "@tunix-rt/contracts";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { CursorPager } from "../../shared/cursor-pager";
import { ErrorAlert } from "../../shared/error-alert";
import { formatRelative } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";
import { isActive } from "../../shared/run-status";
import { StatusBadge } from "../../shared/status-badge";
import { accuracyText, pct, subjectText } from "./eval-format";

/** Items done of total as a bar, while an evaluation runs. */
export function EvalProgress({ e }: { e: EvaluationDetail }) {
  if (!e.progress) return null;
  const { done, total, items_per_second: rate, eta_seconds: eta } = e.progress;
  return (
    <span className="eval-progress" data-testid="evals:progress" data-done={done} data-total={total}>
      <progress max={total} value={done} /> {done}/{total}
      {rate !== null && <span className="muted small">{rate.toFixed(1)} items/s</span>}
      {eta !== null && done < total && (
        <span className="muted small">{eta < 60 ? `${eta} s` : `${Math.round(eta / 60)} min`} left</span>
      )}
    </span>
  );
}

/** Evaluations, newest first, refreshing while any of them is queued or running. */
export function EvaluationsList({ runId, evalSet }: { runId?: string; evalSet?: string }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const query = { limit: 20, cursor: cursors[cursors.length - 1], run_id: runId, eval_set: evalSet };
  const list = useQuery({
    queryKey: queryKeys.evaluationList(query),
    queryFn: () => api.evals.list(query),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.data.some((e) => isActive(e.status)) ? 1500 : false),
  });
  const rows = list.data?.data ?? [];
  return (
    <section aria-busy={list.isFetching} data-testid="evals:list-section">
      {list.isError && (
        <ErrorAlert error={list.error} testId="evals:list-error" title="Could not load evaluations" />
      )}
      {list.isSuccess && rows.length === 0 && (
        <div className="empty-state" data-testid="evals:empty">
          No evaluations yet: evaluate a trained run's checkpoint with the form.
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-testid="evals:list">
            <thead>
              <tr>
                <th>Model</th>
                <th>Eval set</th>
                <th>Status</th>
                <th className="num">Accuracy (95% interval)</th>
                <th className="num">Format</th>
                <th>Queued</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.evaluation_id} data-testid={`evals:row-${e.evaluation_id}`}>
                  <td>
                    <Link to={`/evals/${e.evaluation_id}`}>{subjectText(e)}</Link>
                    {e.continuous && <span className="muted"> · continuous</span>}
                  </td>
                  <td>{e.eval_set.key}</td>
                  <td>
                    <StatusBadge status={e.status} />
                  </td>
                  <td className="num" data-testid="evals:row-accuracy">
                    {e.summary ? accuracyText(e.summary) : <EvalProgress e={e} />}
                  </td>
                  <td className="num">{e.summary ? pct(e.summary.format_rate) : "—"}</td>
                  <td>
                    <time dateTime={e.queued_at}>{formatRelative(e.queued_at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager
        area="evals"
        cursors={cursors}
        setCursors={setCursors}
        nextCursor={list.data?.pagination.next_cursor}
        busy={list.isPlaceholderData}
      />
    </section>
  );
}
