import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BULK_TRACE_IDS_MAX, type ScoreCriteria } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { ConfirmDelete } from "../../shared/confirm-delete";
import { ErrorAlert } from "../../shared/error-alert";
import { pluralize } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";

interface Props {
  selected: string[];
  onClear: () => void;
}

type Outcome =
  | { kind: "scored"; criteria: string; scored: number; skipped: Array<{ reason: string }> }
  | {
      kind: "deleted";
      deleted: number;
    }
  | { kind: "built"; key: string; count: number };

/** Why traces were skipped, counted by reason: "3 not found; 2 need meta.expected_answer". */
function skippedSummary(skipped: Array<{ reason: string }>): string {
  const byReason = new Map<string, number>();
  for (const s of skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  return [...byReason].map(([reason, n]) => `${n} × ${reason}`).join("; ");
}

/** What to do with the ticked traces: score them, build a dataset of them, or delete them. */
export function TraceBulkBar({ selected, onClear }: Props) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [mode, setMode] = useState<"idle" | "dataset" | "delete">("idle");
  const tooMany = selected.length > BULK_TRACE_IDS_MAX;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.traces });

  const score = useMutation({
    mutationFn: (criteria: ScoreCriteria) => api.traces.bulkScore(selected, criteria),
    onSuccess: (r, criteria) => {
      setOutcome({ kind: "scored", criteria, scored: r.scored.length, skipped: r.skipped });
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api.traces.bulkDelete(selected),
    onSuccess: (r) => {
      setOutcome({ kind: "deleted", deleted: r.deleted_count });
      setMode("idle");
      onClear();
      refresh();
    },
  });
  const build = useMutation({
    mutationFn: (b: { name: string; version: string }) =>
      api.datasets.build({ dataset_name: b.name, dataset_version: b.version, trace_ids: selected }),
    onSuccess: (r) => {
      setOutcome({ kind: "built", key: r.dataset_key, count: r.trace_count });
      setMode("idle");
      void queryClient.invalidateQueries({ queryKey: queryKeys.datasets });
    },
  });
  const error = score.error ?? remove.error ?? build.error;
  const reset = () => {
    for (const m of [score, remove, build]) m.reset();
  };

  if (selected.length === 0 && !outcome) return null;
  return (
    <div className="trace-bulk" data-testid="traces:bulk">
      {selected.length > 0 && (
        <div className="trace-bulk-bar">
          <strong data-testid="traces:selected-count">{pluralize(selected.length, "trace")} selected</strong>
          {(["baseline", "answer_match"] as const).map((c) => (
            <button
              key={c}
              type="button"
              className="btn btn-small"
              disabled={tooMany || score.isPending}
              onClick={() => {
                reset();
                score.mutate(c);
              }}
              data-testid={`traces:bulk-score-${c}`}
            >
              Score {c}
            </button>
          ))}
          <button
            type="button"
            className="btn btn-small"
            disabled={tooMany}
            onClick={() => setMode(mode === "dataset" ? "idle" : "dataset")}
            data-testid="traces:bulk-dataset"
          >
            New dataset…
          </button>
          <button
            type="button"
            className="btn btn-small btn-danger-outline"
            disabled={tooMany}
            onClick={() => setMode("delete")}
            data-testid="traces:bulk-delete"
          >
            Delete…
          </button>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={onClear}
            data-testid="traces:clear-selection"
          >
            Clear
          </button>
          {tooMany && <span className="muted small">At most {BULK_TRACE_IDS_MAX} at once.</span>}
        </div>
      )}
      {mode === "delete" && selected.length > 0 && (
        <ConfirmDelete
          question={`Delete ${pluralize(selected.length, "trace")} and their scores? Traces in a dataset block the whole delete.`}
          pending={remove.isPending}
          onConfirm={() => {
            reset();
            remove.mutate();
          }}
          onCancel={() => setMode("idle")}
          testIdPrefix="traces:bulk"
        />
      )}
      {mode === "dataset" && selected.length > 0 && (
        <BuildFromSelection
          pending={build.isPending}
          onBuild={(b) => {
            reset();
            build.mutate(b);
          }}
          count={selected.length}
        />
      )}
      {error && (
        <ErrorAlert error={error} testId="traces:bulk-error" title="The action failed; nothing was changed" />
      )}
      {outcome && !error && (
        <p className="alert alert-success" data-testid="traces:bulk-result">
          {outcome.kind === "scored" && (
            <>
              Scored {pluralize(outcome.scored, "trace")} with {outcome.criteria}.
              {outcome.skipped.length > 0 && ` Skipped ${skippedSummary(outcome.skipped)}.`}
            </>
          )}
          {outcome.kind === "deleted" && <>Deleted {pluralize(outcome.deleted, "trace")}.</>}
          {outcome.kind === "built" && (
            <>
              Built <Link to={`/datasets/${encodeURIComponent(outcome.key)}`}>{outcome.key}</Link> from{" "}
              {pluralize(outcome.count, "trace")}.
            </>
          )}{" "}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setOutcome(null)}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}

function BuildFromSelection(props: {
  count: number;
  pending: boolean;
  onBuild: (b: { name: string; version: string }) => void;
}) {
  const [name, setName] = useState("");
  const [version, setVersion] = useState("v1");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onBuild({ name: name.trim(), version: version.trim() });
  };
  return (
    <form className="trace-bulk-form" onSubmit={submit} data-testid="traces:bulk-dataset-form">
      <label>
        Dataset name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={128}
          data-testid="traces:bulk-dataset-name"
        />
      </label>
      <label>
        Version
        <input
          value={version}
          onChange={(e) => setVersion(e.target.value)}
          required
          maxLength={64}
          data-testid="traces:bulk-dataset-version"
        />
      </label>
      <button
        type="submit"
        className="btn btn-primary btn-small"
        disabled={props.pending}
        data-testid="traces:bulk-dataset-build"
      >
        {props.pending ? "Building…" : `Build from ${pluralize(props.count, "trace")}`}
      </button>
    </form>
  );
}
