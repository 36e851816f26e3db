import { type FormEvent, useState } from "react";
import { CreatedAndScoreFields } from "../../shared/created-and-score-fields";
import { activeFilterCount, EMPTY_FILTERS, type TraceFilters } from "./filters";

interface Props {
  filters: TraceFilters;
  onApply: (filters: TraceFilters) => void;
}

/** Search box plus the optional filters; nothing is queried until the form is submitted. */
export function TraceFiltersForm({ filters, onApply }: Props) {
  const [draft, setDraft] = useState(filters);
  // When the URL's filters change (apply, back/forward), the form shows them again.
  const [shown, setShown] = useState(filters);
  if (JSON.stringify(shown) !== JSON.stringify(filters)) {
    setShown(filters);
    setDraft(filters);
  }
  const active = activeFilterCount(filters);
  const [open, setOpen] = useState(active > 0);
  const set = (key: keyof TraceFilters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const reset = () => {
    setDraft(EMPTY_FILTERS);
    onApply(EMPTY_FILTERS);
  };

  return (
    <search>
      <form className="filters" onSubmit={submit} aria-label="Search traces" data-testid="traces:filters">
        <div className="search-row">
          <label className="visually-hidden" htmlFor="traces-q">
            Search prompts and answers
          </label>
          <input
            id="traces-q"
            type="search"
            placeholder="Search prompts and answers…"
            value={draft.q}
            onChange={set("q")}
            data-testid="traces:search"
          />
          <button type="submit" className="btn btn-primary" data-testid="traces:apply">
            Search
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            aria-expanded={open}
            aria-controls="traces-filter-fields"
            onClick={() => setOpen(!open)}
            data-testid="traces:toggle-filters"
          >
            Filters{active > 0 ? ` (${active})` : ""}
          </button>
        </div>
        {open && (
          <div id="traces-filter-fields" className="filter-grid">
            <label>
              Source
              <input
                value={draft.source}
                onChange={set("source")}
                placeholder="meta.source"
                data-testid="traces:filter-source"
              />
            </label>
            <label>
              Trace version
              <input
                value={draft.trace_version}
                onChange={set("trace_version")}
                placeholder="e.g. 1.0"
                data-testid="traces:filter-version"
              />
            </label>
            <CreatedAndScoreFields
              values={draft}
              set={set}
              testIdPrefix="traces"
              pairClassName="filter-pair"
            />
            <div className="filter-actions">
              <button type="submit" className="btn btn-primary">
                Apply filters
              </button>
              <button type="button" className="btn" onClick={reset} data-testid="traces:reset">
                Clear all
              </button>
            </div>
          </div>
        )}
      </form>
    </search>
  );
}
