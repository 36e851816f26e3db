import { useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearchParams } from "react-router";
import { VersionPanel } from "../features/models/version-panel";
import { api } from "../shared/api";
import { ErrorAlert } from "../shared/error-alert";
import { formatRelative } from "../shared/format";
import { queryKeys } from "../shared/query-keys";
import "../features/leaderboard/leaderboard.css";

/** /models/:name: every version (newest first), aliases, and the chosen version's lineage (?version=). */
export function ModelRoute() {
  const { name = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const model = useQuery({ queryKey: queryKeys.model(name), queryFn: () => api.models.get(name) });
  const versions = model.data?.versions ?? [];
  const chosen = versions.find((v) => String(v.version) === params.get("version")) ?? versions[0];
  return (
    <div className="page-stack">
      <title>{`${name} · Models · tunix-rt`}</title>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/models">Models</Link> / {name}
      </nav>
      {model.isError && (
        <ErrorAlert error={model.error} testId="model:error" title={`Could not load model ${name}`} />
      )}
      {model.data && (
        <section className="card" aria-labelledby="model-h">
          <h1 className="card-title" id="model-h">
            {name}
          </h1>
          <div className="table-scroll">
            <table className="table" data-testid="model:versions">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Aliases</th>
                  <th>Checkpoint</th>
                  <th>sha256</th>
                  <th>Promoted</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr
                    key={v.version}
                    className={v === chosen ? "is-selected" : undefined}
                    data-testid={`model:row-${v.version}`}
                  >
                    <td>
                      <button
                        type="button"
                        className="btn btn-ghost btn-small"
                        onClick={() => setParams({ version: String(v.version) })}
                      >
                        v{v.version}
                      </button>
                    </td>
                    <td>
                      {v.aliases.map((a) => (
                        <span key={a} className="tag">
                          {a}
                        </span>
                      ))}
                    </td>
                    <td>
                      {v.checkpoint} of{" "}
                      <Link to={`/runs/${v.run_id}`}>{v.lineage.run.name ?? v.run_id.slice(0, 8)}</Link>
                    </td>
                    <td>
                      <code>{v.sha256.slice(0, 12)}</code>
                    </td>
                    <td className="muted">{formatRelative(v.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {chosen && <VersionPanel key={chosen.version} v={chosen} />}
    </div>
  );
}
