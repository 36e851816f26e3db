import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RowSelectionState } from "@tanstack/react-table";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../shared/api";
import { CursorPager } from "../../shared/cursor-pager";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";
import { isActive } from "../../shared/run-status";
import { RunColumnPicker } from "./list/run-column-picker";
import { RunFilterForm } from "./list/run-filter-form";
import { RunTable } from "./list/run-table";
import { useColumnPrefs } from "./list/use-column-prefs";
import { EMPTY_RUN_FILTERS, type RunFilters, runListQuery } from "./run-filters";

const PAGE_SIZE = 20;
/** The compare view overlays up to this many runs (the API's limit too). */
export const MAX_COMPARED = 8;
/** While a run on the page is queued or running the list refreshes quickly, otherwise now and then. */
const ACTIVE_REFRESH_MS = 2_500;
const IDLE_REFRESH_MS = 15_000;

interface Props {
  filters: RunFilters;
  onFilters: (f: RunFilters) => void;
}

/** Runs in the chosen order and columns, a page at a time, filtered through the URL, refreshing itself. */
export function RunList({ filters, onFilters }: Props) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = { limit: PAGE_SIZE, cursor, ...runListQuery(filters) };
  const list = useQuery({
    queryKey: queryKeys.runList(query),
    queryFn: () => api.runs.list(query),
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      q.state.data?.data.some((r) => isActive(r.status)) ? ACTIVE_REFRESH_MS : IDLE_REFRESH_MS,
  });
  const rows = list.data?.data ?? [];
  const nextCursor = list.data?.pagination.next_cursor ?? null;
  // Kept across pages, so runs from different pages can be compared.
  const [selection, setSelection] = useState<RowSelectionState>({});
  const selected = Object.keys(selection);
  const [prefs, setPrefs] = useColumnPrefs();
  const navigate = useNavigate();
  const apply = (f: RunFilters) => {
    setCursors([]);
    onFilters(f);
  };

  return (
    <section aria-busy={list.isFetching} data-testid="runs:list-section">
      <RunFilterForm filters={filters} onApply={apply} />
      <div className="run-compare-bar" data-testid="runs:compare-bar">
        <button
          type="button"
          className="btn btn-primary"
          disabled={selected.length < 2}
          data-testid="runs:compare"
          onClick={() => navigate(`/runs/compare?ids=${selected.join(",")}`)}
        >
          Compare {selected.length ? `${selected.length} runs` : "runs"}
        </button>
        <span className="muted small">
          {selected.length < 2
            ? `Tick two to ${MAX_COMPARED} runs (or filter by dataset or label and tick the page) to overlay their curves.`
            : selected.length === MAX_COMPARED
              ? `${MAX_COMPARED} runs at most.`
              : ""}
        </span>
        {selected.length > 0 && (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => setSelection({})}
            data-testid="runs:clear-selection"
          >
            Clear
          </button>
        )}
        <span className="push-right">
          <RunColumnPicker rows={rows} extra={prefs.extra} hidden={prefs.hidden} onChange={setPrefs} />
        </span>
      </div>
      {list.isError && <ErrorAlert error={list.error} testId="runs:error" title="Could not load runs" />}
      {list.isPending && <p className="muted">Loading runs…</p>}
      {list.isSuccess && rows.length === 0 && (
        <div className="empty-state" data-testid="runs:empty">
          {cursors.length === 0 && filtersEmpty(filters)
            ? "No runs yet. Submit one with the form."
            : "No run matches these filters."}
        </div>
      )}
      {rows.length > 0 && (
        <RunTable
          rows={rows}
          stale={list.isPlaceholderData}
          extra={prefs.extra}
          hidden={prefs.hidden}
          sort={filters.sort}
          onSort={(sort) => apply({ ...filters, sort })}
          selected={selection}
          onSelected={setSelection}
          maxSelected={MAX_COMPARED}
        />
      )}
      <CursorPager
        area="runs"
        cursors={cursors}
        setCursors={setCursors}
        nextCursor={nextCursor}
        busy={list.isPlaceholderData}
        prevLabel={filters.sort === "-created_at" ? "‹ Newer" : "‹ Previous"}
        nextLabel={filters.sort === "-created_at" ? "Older ›" : "Next ›"}
      />
    </section>
  );
}

const filtersEmpty = (f: RunFilters) =>
  !f.status && !f.dataset && !f.trainer && !f.label && f.mode === EMPTY_RUN_FILTERS.mode;
