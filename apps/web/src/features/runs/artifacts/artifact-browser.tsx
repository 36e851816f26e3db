import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { api } from "../../../shared/api";
import { ErrorAlert } from "../../../shared/error-alert";
import { formatBytes, formatCount, formatDateTime } from "../../../shared/format";
import { queryKeys } from "../../../shared/query-keys";
import { artifactTree, isOpen, visibleNodes } from "./artifact-tree";

/**
 * What the run wrote into its directory, as a tree: sizes, times and a download link per entry (a
 * directory, e.g. a checkpoint, downloads as a .tar). Refreshes itself while the run is active.
 */
export function ArtifactBrowser({ runId, active }: { runId: string; active: boolean }) {
  const list = useQuery({
    queryKey: queryKeys.runArtifacts(runId),
    queryFn: () => api.runs.artifacts(runId),
    refetchInterval: active ? 5_000 : false,
  });
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const roots = useMemo(() => artifactTree(list.data?.artifacts ?? []), [list.data]);
  const rows = visibleNodes(roots, toggled);
  const files = list.data?.artifacts.filter((a) => a.type === "file") ?? [];
  const flip = (path: string) =>
    setToggled((t) => {
      const next = new Set(t);
      if (!next.delete(path)) next.add(path);
      return next;
    });

  return (
    <section className="card" aria-labelledby="artifacts-h" data-testid="run:artifacts">
      <div className="card-title-row">
        <h2 id="artifacts-h" className="card-title">
          Artifacts
        </h2>
        {list.data && (
          <span className="muted small" data-testid="run:artifact-count">
            {formatCount(files.length)} files · {formatBytes(files.reduce((n, f) => n + f.size, 0))}
          </span>
        )}
        <button
          type="button"
          className="btn btn-small push-right"
          onClick={() => void list.refetch()}
          disabled={list.isFetching}
          data-testid="run:artifacts-refresh"
        >
          ↻ Refresh
        </button>
      </div>
      {list.isError && (
        <ErrorAlert error={list.error} testId="run:artifacts-error" title="Could not list artifacts" />
      )}
      {list.isPending && <p className="muted">Listing artifacts…</p>}
      {list.data?.truncated && (
        <p className="alert alert-warning">The run directory holds more entries than are listed.</p>
      )}
      {list.isSuccess && rows.length === 0 && (
        <p className="muted" data-testid="run:artifacts-empty">
          Nothing yet: the run directory is created when a worker starts the run.
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table artifact-table" data-testid="run:artifact-list">
            <thead>
              <tr>
                <th>Name</th>
                <th className="num">Size</th>
                <th>
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((node) => {
                const { entry, depth, children } = node;
                const dir = entry.type === "dir";
                const open = dir && isOpen(node, toggled);
                return (
                  <tr key={entry.path} data-testid={`run:artifact-${entry.path}`} data-type={entry.type}>
                    <td>
                      <span className="artifact-name" style={{ paddingLeft: `${depth * 1.1}rem` }}>
                        {dir ? (
                          <button
                            type="button"
                            className="tree-toggle"
                            aria-expanded={open}
                            aria-label={`${open ? "Collapse" : "Expand"} ${entry.path}`}
                            onClick={() => flip(entry.path)}
                            data-testid={`run:artifact-toggle-${entry.path}`}
                          >
                            {open ? "▾" : "▸"}
                          </button>
                        ) : (
                          <span className="tree-leaf" aria-hidden="true" />
                        )}
                        <span
                          className={dir ? "artifact-dir" : undefined}
                          title={`${entry.path}${dir ? ` (${children.length} entries)` : ""}, modified ${formatDateTime(entry.modified_at)}`}
                        >
                          {entry.name}
                          {dir && "/"}
                        </span>
                      </span>
                    </td>
                    <td className="num nowrap">{formatBytes(entry.size)}</td>
                    <td className="artifact-actions">
                      <a
                        href={api.runs.artifactUrl(runId, entry.path)}
                        download
                        className="btn btn-small"
                        aria-label={dir ? `Download ${entry.path} as .tar` : `Download ${entry.path}`}
                        title={dir ? "Download as .tar" : "Download"}
                        data-testid={`run:artifact-download-${entry.path}`}
                      >
                        ⤓{dir ? " .tar" : ""}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
