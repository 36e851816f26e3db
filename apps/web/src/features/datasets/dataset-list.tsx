import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { CursorPager } from "../../shared/cursor-pager";
import { ErrorAlert } from "../../shared/error-alert";
import { formatCount, formatDateTime, formatRelative } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";
import { SplitCounts } from "./split-sizes";

const PAGE_SIZE = 20;

/** Dataset versions, newest first, one keyset page at a time, optionally for one name. */
export function DatasetList() {
  const [name, setName] = useState("");
  const [draft, setDraft] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = { limit: PAGE_SIZE, cursor, name: name || undefined };
  const list = useQuery({
    queryKey: queryKeys.datasetList(query),
    queryFn: () => api.datasets.list(query),
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.data ?? [];
  const nextCursor = list.data?.pagination.next_cursor ?? null;
  const search = (e: FormEvent) => {
    e.preventDefault();
    setName(draft.trim());
    setCursors([]);
  };

  return (
    <section aria-busy={list.isFetching} data-testid="datasets:list-section">
      <search>
        <form className="search-row" onSubmit={search} aria-label="Filter datasets by name">
          <label className="visually-hidden" htmlFor="datasets-name">
            Dataset name
          </label>
          <input
            id="datasets-name"
            type="search"
            placeholder="Dataset name…"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            data-testid="datasets:name-filter"
          />
          <button type="submit" className="btn">
            Filter
          </button>
        </form>
      </search>
      {list.isError && (
        <ErrorAlert error={list.error} testId="datasets:error" title="Could not load datasets" />
      )}
      {list.isPending && <p className="muted">Loading datasets…</p>}
      {list.isSuccess && rows.length === 0 && (
        <div className="empty-state" data-testid="datasets:empty">
          {name ? `No dataset is named ${name}.` : "No datasets yet. Build one with the form."}
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table
            className={`table dataset-table${list.isPlaceholderData ? " is-stale" : ""}`}
            data-testid="datasets:list"
          >
            <thead>
              <tr>
                <th>Dataset</th>
                <th className="num">Traces</th>
                <th>Splits</th>
                <th>Created</th>
                <th>Content hash</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.build_id} data-testid={`datasets:row-${d.dataset_key}`}>
                  <td>
                    <Link to={`/datasets/${encodeURIComponent(d.dataset_key)}`} className="dataset-key">
                      {d.dataset_key}
                    </Link>
                  </td>
                  <td className="num">{formatCount(d.trace_count)}</td>
                  <td>
                    <SplitCounts counts={d.split_counts} />
                  </td>
                  <td>
                    <time dateTime={d.created_at} title={formatDateTime(d.created_at)}>
                      {formatRelative(d.created_at)}
                    </time>
                  </td>
                  <td>
                    <code title={d.content_hash}>{d.content_hash.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager
        area="datasets"
        cursors={cursors}
        setCursors={setCursors}
        nextCursor={nextCursor}
        busy={list.isPlaceholderData}
      />
    </section>
  );
}
