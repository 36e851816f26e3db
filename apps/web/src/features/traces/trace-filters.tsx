import type { ScoreCriteria } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { activeFilterCount, EMPTY_FILTERS, type TraceFilters } from "./filters";

// A type-only import keeps zod out of the bundle; the compiler still checks the names.
const SCORE_CRITERIA: readonly ScoreCriteria[] = ["baseline", "answer_match"];

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
            <label>
              Created after
              <input
                type="datetime-local"
                value={draft.created_after}
                onChange={set("created_after")}
                data-testid="traces:filter-created-after"
              />
            </label>
            <label>
              Created before
              <input
                type="datetime-local"
                value={draft.created_before}
                onChange={set("created_before")}
                data-testid="traces:filter-created-before"
              />
            </label>
            <label>
              Score criteria
              <select
                value={draft.score_criteria}
                onChange={set("score_criteria")}
                data-testid="traces:filter-criteria"
              >
                {SCORE_CRITERIA.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <div className="filter-pair">
              <label>
                Min score
                <input
                  type="number"
                  step="any"
                  value={draft.min_score}
                  onChange={set("min_score")}
                  data-testid="traces:filter-min-score"
                />
              </label>
              <label>
                Max score
                <input
                  type="number"
                  step="any"
                  value={draft.max_score}
                  onChange={set("max_score")}
                  data-testid="traces:filter-max-score"
                />
              </label>
            </div>
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
