import { type FormEvent, useState } from "react";
import { RUN_STATUSES, STATUS_LABEL } from "../../../shared/run-status";
import { EMPTY_RUN_FILTERS, type RunFilters } from "../run-filters";

/** Status and mode apply as they are picked; the text filters on Apply (or Enter). */
export function RunFilterForm({
  filters,
  onApply,
}: {
  filters: RunFilters;
  onApply: (f: RunFilters) => void;
}) {
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
