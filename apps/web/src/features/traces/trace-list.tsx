import type { RowSelectionState } from "@tanstack/react-table";
import type { TraceSort } from "@tunix-rt/contracts";
import { useState } from "react";
import { ErrorAlert } from "../../shared/error-alert";
import { PAGE_SIZES, type TraceFilters, type TraceListView } from "./filters";
import { TraceBulkBar } from "./trace-bulk-bar";
import { TraceTable } from "./trace-table";
import { useTraceList } from "./use-trace-list";

interface Props {
  filters: TraceFilters;
  view: TraceListView;
  onView: (view: TraceListView, filters?: TraceFilters) => void;
  openId: string | undefined;
  /** Query string to keep on detail links, so the list keeps its place while a trace is open. */
  search: string;
}

const count = new Intl.NumberFormat("en");

/** The filtered, sorted list, one numbered page at a time, with a selection that spans pages. */
export function TraceList({ filters, view, onView, openId, search }: Props) {
  const list = useTraceList(filters, view);
  const rows = list.data?.data ?? [];
  const total = list.data?.pagination.total;
  const pages = total === undefined ? undefined : Math.max(1, Math.ceil(total / view.perPage));
  const [selected, setSelected] = useState<RowSelectionState>({});
  const go = (page: number) => onView({ ...view, page });
  const onSort = (sort: TraceSort, scoreCriteria?: string) =>
    onView(
      { ...view, sort, page: 1 },
      scoreCriteria ? { ...filters, score_criteria: scoreCriteria } : undefined,
    );
  const from = (view.page - 1) * view.perPage;

  return (
    <section className="trace-list" aria-label="Traces" aria-busy={list.isFetching}>
      <TraceBulkBar selected={Object.keys(selected)} onClear={() => setSelected({})} />
      {list.isError && <ErrorAlert error={list.error} testId="traces:error" title="Could not load traces" />}
      {list.isPending && <p className="muted">Loading traces…</p>}
      {list.isSuccess && rows.length === 0 && (
        <div className="empty-state" data-testid="traces:empty">
          {view.page > 1
            ? "No traces on this page."
            : "No traces match. Import some above, or clear the filters."}
        </div>
      )}
      {rows.length > 0 && (
        <TraceTable
          rows={rows}
          stale={list.isPlaceholderData}
          sort={view.sort}
          scoreCriteria={filters.score_criteria}
          onSort={onSort}
          selected={selected}
          onSelected={setSelected}
          openId={openId}
          search={search}
        />
      )}
      {total !== undefined && total > 0 && (
        <nav className="pager trace-pager" aria-label="Pagination">
          <span className="muted" data-testid="traces:range">
            {count.format(Math.min(from + 1, total))}–{count.format(Math.min(from + rows.length, total))} of{" "}
            {count.format(total)}
          </span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => go(1)}
            disabled={view.page <= 1}
            data-testid="traces:first"
          >
            « First
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => go(view.page - 1)}
            disabled={view.page <= 1}
            data-testid="traces:prev"
          >
            ‹ Previous
          </button>
          <span className="muted" data-testid="traces:page">
            Page {view.page} of {pages}
          </span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => go(view.page + 1)}
            disabled={pages === undefined || view.page >= pages || list.isPlaceholderData}
            data-testid="traces:next"
          >
            Next ›
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => pages && go(pages)}
            disabled={pages === undefined || view.page >= pages}
            data-testid="traces:last"
          >
            Last »
          </button>
          <label className="muted push-right">
            Rows{" "}
            <select
              value={view.perPage}
              onChange={(e) => onView({ ...view, perPage: Number(e.target.value), page: 1 })}
              data-testid="traces:per-page"
            >
              {PAGE_SIZES.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
        </nav>
      )}
    </section>
  );
}
