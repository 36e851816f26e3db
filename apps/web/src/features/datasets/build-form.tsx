import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { api } from "../../shared/api";
import { CreatedAndScoreFields } from "../../shared/created-and-score-fields";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";
import { type BuildForm, buildBody, EMPTY_BUILD_FORM, type MetaRow } from "./build-request";
import { LiveCount } from "./live-count";
import { MetaFilterRows } from "./meta-filter-rows";
import { usePreviewCount } from "./use-preview-count";

interface Props {
  /** Prefilled fields, e.g. the source of traces just generated. */
  initial?: Partial<BuildForm>;
  onBuilt: (datasetKey: string) => void;
}

const percent = (v: string) => {
  const n = Number(v);
  return Number.isFinite(n) ? Math.round(n * 1000) / 10 : Number.NaN;
};

/** The build form: filters with a live count of what they select; the build itself is one POST. */
export function BuildDatasetForm({ initial, onBuilt }: Props) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<BuildForm>({ ...EMPTY_BUILD_FORM, ...initial });
  const nextMetaId = useRef(1);
  const { preview, settling } = usePreviewCount(form);

  const set =
    (key: Exclude<keyof BuildForm, "meta" | "distinct_prompts">) => (e: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [key]: e.target.value }));
  const setMeta = (meta: MetaRow[]) => setForm((f) => ({ ...f, meta }));

  const build = useMutation({
    mutationFn: () => api.datasets.build(buildBody(form)),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.datasets });
      onBuilt(res.dataset_key);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    build.mutate();
  };
  const trainPct = 100 - (percent(form.split_val) || 0) - (percent(form.split_test) || 0);

  return (
    <form
      className="build-form"
      onSubmit={submit}
      aria-labelledby="build-h"
      data-testid="datasets:build-form"
    >
      <h2 id="build-h" className="card-title">
        New dataset
      </h2>
      <p className="muted small">
        A dataset is an immutable, named version of a selection of traces. Building the same name and version
        twice is refused.
      </p>

      <div className="form-grid">
        <label>
          Name
          <input
            value={form.dataset_name}
            onChange={set("dataset_name")}
            placeholder="e.g. arithmetic-sft"
            required
            data-testid="datasets:name"
          />
        </label>
        <label>
          Version
          <input
            value={form.dataset_version}
            onChange={set("dataset_version")}
            placeholder="e.g. v1"
            required
            data-testid="datasets:version"
          />
        </label>
      </div>

      <fieldset>
        <legend>Selection</legend>
        <div className="form-grid form-grid-3">
          <label>
            Strategy
            <select
              value={form.selection_strategy}
              onChange={set("selection_strategy")}
              data-testid="datasets:strategy"
            >
              <option value="latest">latest</option>
              <option value="random">random</option>
            </select>
          </label>
          {form.selection_strategy === "random" && (
            <label>
              Seed
              <input
                type="number"
                min={0}
                step={1}
                value={form.seed}
                onChange={set("seed")}
                placeholder="required"
                data-testid="datasets:seed"
              />
            </label>
          )}
          <label>
            Limit
            <input
              type="number"
              min={1}
              max={100000}
              step={1}
              value={form.limit}
              onChange={set("limit")}
              data-testid="datasets:limit"
            />
          </label>
          <label
            className="checkbox"
            title="Repeated problems neither weigh more in training nor land in two splits"
          >
            <input
              type="checkbox"
              checked={form.distinct_prompts}
              onChange={(e) => setForm((f) => ({ ...f, distinct_prompts: e.target.checked }))}
              data-testid="datasets:distinct-prompts"
            />
            One trace per prompt
          </label>
        </div>
      </fieldset>

      <fieldset>
        <legend>Filters</legend>
        <div className="form-grid">
          <label>
            Source
            <input
              value={form.source}
              onChange={set("source")}
              placeholder="meta.source, e.g. arithmetic"
              data-testid="datasets:filter-source"
            />
          </label>
          <label>
            Text
            <input
              type="search"
              value={form.q}
              onChange={set("q")}
              placeholder="in prompts and answers"
              data-testid="datasets:filter-q"
            />
          </label>
          <CreatedAndScoreFields values={form} set={set} testIdPrefix="datasets" pairClassName="form-pair" />
        </div>
        <MetaFilterRows rows={form.meta} onChange={setMeta} nextId={() => nextMetaId.current++} />
      </fieldset>

      <fieldset>
        <legend>Split</legend>
        <div className="form-grid form-grid-3">
          <label>
            Validation fraction
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={form.split_val}
              onChange={set("split_val")}
              data-testid="datasets:split-val"
            />
          </label>
          <label>
            Test fraction
            <input
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={form.split_test}
              onChange={set("split_test")}
              data-testid="datasets:split-test"
            />
          </label>
          <label>
            Split seed
            <input
              type="number"
              min={0}
              step={1}
              value={form.split_seed}
              onChange={set("split_seed")}
              data-testid="datasets:split-seed"
            />
          </label>
        </div>
        <p className="muted small form-hint">
          {Number.isFinite(trainPct) && trainPct >= 0
            ? `Train gets the rest (${Math.round(trainPct * 10) / 10}%). `
            : ""}
          Each trace's split comes from a seeded hash of its id, so it keeps its split across versions.
        </p>
      </fieldset>

      <LiveCount form={form} preview={preview} settling={settling} />

      <div className="toolbar">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={build.isPending}
          data-testid="datasets:build-submit"
        >
          {build.isPending ? "Building…" : "Build dataset"}
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => {
            setForm({ ...EMPTY_BUILD_FORM });
            build.reset();
          }}
          data-testid="datasets:build-reset"
        >
          Reset
        </button>
      </div>
      {build.isError && (
        <ErrorAlert error={build.error} testId="datasets:build-error" title="Could not build the dataset" />
      )}
    </form>
  );
}
