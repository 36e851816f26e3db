import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { formatRelative } from "../shared/format";
import { queryKeys } from "../shared/query-keys";
import "../features/leaderboard/leaderboard.css";

/** /models: the registered models, each with its latest version and where its aliases point. */
export function ModelsRoute() {
  const models = useQuery({ queryKey: queryKeys.models, queryFn: () => api.models.list() });
  return (
    <div className="page-stack">
      <title>Models · tunix-rt</title>
      <section className="card" aria-labelledby="models-h">
        <h1 className="card-title" id="models-h">
          Models
        </h1>
        <p className="muted small">
          A model version is a training checkpoint frozen under a name: content-addressed (promoting the same
          files twice gives the same version), with its lineage and movable aliases. Promote from the
          Leaderboard ("Promote the best") or with <code>tunix-rt models promote NAME --run ID</code>.
        </p>
        {models.isError && (
          <ErrorAlert error={models.error} testId="models:error" title="Could not load models" />
        )}
        {models.data?.data.length === 0 && (
          <div className="empty-state" data-testid="models:empty">
            No models yet. Promote a checkpoint from the <Link to="/leaderboard">Leaderboard</Link>.
          </div>
        )}
        {models.data && models.data.data.length > 0 && (
          <div className="table-scroll">
            <table className="table" data-testid="models:list">
              <thead>
                <tr>
                  <th>Model</th>
                  <th className="num">Versions</th>
                  <th>Latest</th>
                  <th>Aliases</th>
                  <th>Promoted</th>
                </tr>
              </thead>
              <tbody>
                {models.data.data.map((m) => (
                  <tr key={m.name} data-testid={`models:row-${m.name}`}>
                    <td>
                      <Link to={`/models/${m.name}`}>{m.name}</Link>
                    </td>
                    <td className="num">{m.version_count}</td>
                    <td>
                      v{m.latest.version} · {m.latest.checkpoint} of{" "}
                      <Link to={`/runs/${m.latest.run_id}`}>
                        {m.latest.lineage.run.name ?? m.latest.run_id.slice(0, 8)}
                      </Link>
                    </td>
                    <td>
                      {Object.entries(m.aliases).map(([a, v]) => (
                        <span key={a} className="tag">
                          {a} → v{v}
                        </span>
                      ))}
                    </td>
                    <td className="muted">{formatRelative(m.latest.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
