import type { TraceSummary } from "@tunix-rt/contracts";
import { Link } from "react-router";
import { ErrorAlert } from "../../shared/error-alert";
import { formatDateTime, formatRelative, formatScore, pluralize } from "../../shared/format";
import type { TraceFilters } from "./filters";
import { useTraceList } from "./use-trace-list";

interface Props {
  filters: TraceFilters;
  selectedId: string | undefined;
  /** Query string to keep on detail links, so the list keeps its filters while a trace is open. */
  search: string;
}

function TraceRow({
  t,
  selected,
  search,
  criteria,
}: {
  t: TraceSummary;
  selected: boolean;
  search: string;
  criteria: string;
}) {
  return (
    <li>
      <Link
        to={{ pathname: `/traces/${t.id}`, search }}
        className={`trace-row${selected ? " is-selected" : ""}`}
        aria-current={selected ? "page" : undefined}
        data-testid={`traces:row-${t.id}`}
      >
        <span className="trace-row-prompt">{t.prompt_preview}</span>
        <span className="trace-row-meta">
          <span>{pluralize(t.step_count, "step")}</span>
          {t.source && <span className="tag">{t.source}</span>}
          <span className="tag tag-muted">v{t.trace_version}</span>
          <span
            className={t.latest_score == null ? "muted" : "score-chip"}
            data-testid={`traces:row-score-${t.id}`}
          >
            {criteria} {formatScore(t.latest_score)}
          </span>
          <time dateTime={t.created_at} title={formatDateTime(t.created_at)} className="muted push-right">
            {formatRelative(t.created_at)}
          </time>
        </span>
      </Link>
    </li>
  );
}

/** The filtered list, one keyset page at a time. */
export function TraceList({ filters, selectedId, search }: Props) {
  const { list, pageNumber, hasNext, hasPrevious, next, previous, first } = useTraceList(filters);
  const rows = list.data?.data ?? [];

  return (
    <section className="trace-list" aria-label="Traces" aria-busy={list.isFetching}>
      {list.isError && <ErrorAlert error={list.error} testId="traces:error" title="Could not load traces" />}
      {list.isPending && <p className="muted">Loading traces…</p>}
      {list.isSuccess && rows.length === 0 && (
        <div className="empty-state" data-testid="traces:empty">
          {pageNumber > 1 ? "No more traces." : "No traces match. Import some above, or clear the filters."}
        </div>
      )}
      {rows.length > 0 && (
        <ul className={`trace-rows${list.isPlaceholderData ? " is-stale" : ""}`} data-testid="traces:list">
          {rows.map((t) => (
            <TraceRow
              key={t.id}
              t={t}
              selected={t.id === selectedId}
              search={search}
              criteria={filters.score_criteria}
            />
          ))}
        </ul>
      )}
      {(hasPrevious || hasNext) && (
        <nav className="pager" aria-label="Pagination">
          <button
            type="button"
            className="btn btn-small"
            onClick={first}
            disabled={!hasPrevious}
            data-testid="traces:first"
          >
            « First
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={previous}
            disabled={!hasPrevious}
            data-testid="traces:prev"
          >
            ‹ Previous
          </button>
          <span className="muted" data-testid="traces:page">
            Page {pageNumber}
          </span>
          <button
            type="button"
            className="btn btn-small"
            onClick={next}
            disabled={!hasNext}
            data-testid="traces:next"
          >
            Next ›
          </button>
        </nav>
      )}
    </section>
  );
}
