import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { RunSummary } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../shared/api";
import { CursorPager } from "../../shared/cursor-pager";
import { ErrorAlert } from "../../shared/error-alert";
import { formatDateTime, formatRelative } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";
import { isActive, RUN_STATUSES, STATUS_LABEL } from "../../shared/run-status";
import { StatusBadge } from "../../shared/status-badge";
import { between, formatDuration } from "./duration";
import { formatValue, seriesOrder } from "./metrics/series";
import { EMPTY_RUN_FILTERS, type RunFilters, runListQuery } from "./run-filters";
import { progressText } from "./run-progress";

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

/** Runs, newest first, a keyset page at a time, filtered through the URL, refreshing itself. */
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
  // Kept across pages and filters, so runs from different pages can be compared.
  const [selected, setSelected] = useState<string[]>([]);
  const navigate = useNavigate();
  const toggle = (id: string) =>
    setSelected((s) =>
      s.includes(id) ? s.filter((x) => x !== id) : s.length < MAX_COMPARED ? [...s, id] : s,
    );
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
            ? `Tick two to ${MAX_COMPARED} runs to overlay their curves and see what differed.`
            : selected.length === MAX_COMPARED
              ? `${MAX_COMPARED} runs at most.`
              : ""}
        </span>
        {selected.length > 0 && (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => setSelected([])}
            data-testid="runs:clear-selection"
          >
            Clear
          </button>
        )}
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
        <div className="table-scroll">
          <table
            className={`table run-table${list.isPlaceholderData ? " is-stale" : ""}`}
            data-testid="runs:list"
          >
            <thead>
              <tr>
                <th>
                  <span className="visually-hidden">Compare</span>
                </th>
                <th>Status</th>
                <th>Run</th>
                <th>Dataset · model</th>
                <th>Trainer</th>
                <th>Queued</th>
                <th className="num">Duration</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <RunRow
                  key={r.run_id}
                  run={r}
                  selected={selected.includes(r.run_id)}
                  onToggle={() => toggle(r.run_id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager
        area="runs"
        cursors={cursors}
        setCursors={setCursors}
        nextCursor={nextCursor}
        busy={list.isPlaceholderData}
        prevLabel="‹ Newer"
        nextLabel="Older ›"
      />
    </section>
  );
}

const filtersEmpty = (f: RunFilters) =>
  !f.status && !f.dataset && !f.trainer && !f.label && f.mode === EMPTY_RUN_FILTERS.mode;

function RunRow({
  run: r,
  selected,
  onToggle,
}: {
  run: RunSummary;
  selected: boolean;
  onToggle: () => void;
}) {
  // A dry run checks and starts nothing: it has no duration to show.
  const ms =
    r.mode === "dry-run"
      ? null
      : r.duration_seconds !== null
        ? r.duration_seconds * 1000
        : between(r.started_at, r.completed_at);
  const metric = Object.keys(r.final_metrics ?? {}).sort(seriesOrder)[0];
  const live = progressText(r);
  return (
    <tr
      data-testid={`runs:row-${r.run_id}`}
      data-status={r.status}
      className={selected ? "is-selected" : undefined}
    >
      <td>
        <input
          type="checkbox"
          checked={selected}
          onChange={onToggle}
          aria-label={`Compare run ${r.run_id.slice(0, 8)}`}
          data-testid={`runs:select-${r.run_id}`}
        />
      </td>
      <td>
        <StatusBadge status={r.status} testId={`runs:status-${r.run_id}`} />
      </td>
      <td>
        <Link to={`/runs/${r.run_id}`} className="run-link" data-testid={`runs:link-${r.run_id}`}>
          <code>{r.run_id.slice(0, 8)}</code>
        </Link>
        {r.name && (
          <span className="run-list-name" data-testid={`runs:name-${r.run_id}`}>
            {r.name}
          </span>
        )}
        {r.mode === "dry-run" && <span className="tag tag-muted">dry run</span>}
        {r.kind === "eval" && (
          <Link to={`/evals/${r.run_id}`} className="tag" title="An evaluation run: its accuracy and answers">
            evaluation
          </Link>
        )}
        {r.labels.map((l) => (
          <span key={l} className="tag">
            {l}
          </span>
        ))}
      </td>
      <td>
        <div className="run-dataset">{r.dataset_key}</div>
        <div className="muted small run-model">{r.model_id}</div>
      </td>
      <td>{r.trainer}</td>
      <td>
        <time dateTime={r.queued_at} title={formatDateTime(r.queued_at)}>
          {formatRelative(r.queued_at)}
        </time>
      </td>
      <td className="num">{ms === null ? "—" : formatDuration(ms)}</td>
      <td className="run-result">
        {r.error ? (
          <span className="run-error" title={r.error}>
            {r.error}
          </span>
        ) : metric ? (
          <span>
            <span className="muted small">{metric}</span> {formatValue(r.final_metrics![metric]!)}
          </span>
        ) : live ? (
          <span className="muted small" data-testid={`runs:progress-${r.run_id}`}>
            {live}
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}

/** Status and mode apply as they are picked; the text filters on Apply (or Enter). */
function RunFilterForm({ filters, onApply }: { filters: RunFilters; onApply: (f: RunFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const pick = (patch: Partial<RunFilters>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    onApply(next);
  };
  const text = (k: "dataset" | "trainer" | "label") => ({
    value: draft[k],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value }),
  });
  return (
    <search>
      <form className="run-filters" onSubmit={submit} aria-label="Filter runs" data-testid="runs:filters">
        <label>
          Status
          <select
            value={draft.status}
            onChange={(e) => pick({ status: e.target.value as RunFilters["status"] })}
            data-testid="runs:filter-status"
          >
            <option value="">any</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Dataset
          <input {...text("dataset")} placeholder="dataset key" data-testid="runs:filter-dataset" />
        </label>
        <label>
          Trainer
          <input {...text("trainer")} placeholder="any" data-testid="runs:filter-trainer" />
        </label>
        <label>
          Label
          <input {...text("label")} placeholder="any" data-testid="runs:filter-label" />
        </label>
        <label>
          Kind
          <select
            value={draft.mode}
            onChange={(e) => pick({ mode: e.target.value as RunFilters["mode"] })}
            data-testid="runs:filter-mode"
          >
            <option value="local">runs</option>
            <option value="dry-run">dry runs</option>
            <option value="all">both</option>
          </select>
        </label>
        <div className="run-filter-actions">
          <button type="submit" className="btn" data-testid="runs:filter-apply">
            Apply
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              setDraft(EMPTY_RUN_FILTERS);
              onApply(EMPTY_RUN_FILTERS);
            }}
            data-testid="runs:filter-clear"
          >
            Clear
          </button>
        </div>
      </form>
    </search>
  );
}
