import { useQuery } from "@tanstack/react-query";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { formatDateTime, formatScore } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";

/** Every stored score, newest first; details (the formula's parts) fold out per row. */
export function TraceScores({ id }: { id: string }) {
  const scores = useQuery({ queryKey: queryKeys.traceScores(id), queryFn: () => api.traces.scores(id) });
  if (scores.isPending) return <p className="muted">Loading scores…</p>;
  if (scores.isError) return <ErrorAlert error={scores.error} testId="trace:scores-error" />;
  if (scores.data.data.length === 0) {
    return (
      <p className="muted" data-testid="trace:scores-empty">
        Not scored yet.
      </p>
    );
  }
  return (
    <table className="table scores-table" data-testid="trace:scores">
      <thead>
        <tr>
          <th scope="col">Criteria</th>
          <th scope="col" className="num">
            Score
          </th>
          <th scope="col">Scored</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {scores.data.data.map((s) => (
          <tr key={s.id} data-testid={`trace:score-row-${s.id}`}>
            <td>{s.criteria}</td>
            <td className="num score-value">{formatScore(s.score)}</td>
            <td>
              <time dateTime={s.created_at}>{formatDateTime(s.created_at)}</time>
            </td>
            <td>
              {s.details ? (
                <details>
                  <summary>Show</summary>
                  <pre className="json json-small">{JSON.stringify(s.details, null, 2)}</pre>
                </details>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
