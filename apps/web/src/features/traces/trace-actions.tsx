import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ScoreCriteria } from "@tunix-rt/contracts";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { ConfirmDelete } from "../../shared/confirm-delete";
import { ErrorAlert } from "../../shared/error-alert";
import { formatScore } from "../../shared/format";
import { queryKeys } from "../../shared/query-keys";

interface Props {
  id: string;
  onDeleted: () => void;
}

const CRITERIA: { value: ScoreCriteria; label: string; hint: string }[] = [
  { value: "baseline", label: "Score: baseline", hint: "More and longer steps score higher (0–100)" },
  {
    value: "answer_match",
    label: "Score: answer match",
    hint: "Compares the final answer with meta.expected_answer",
  },
];

/** Score (either criteria), compare and delete. Server errors are shown as the server wrote them. */
export function TraceActions({ id, onDeleted }: Props) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);

  const score = useMutation({
    mutationFn: (criteria: ScoreCriteria) => api.traces.score(id, criteria),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.traceScores(id) });
      void queryClient.invalidateQueries({ queryKey: ["traces", "list"] });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.traces.delete(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: queryKeys.trace(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.traces });
      onDeleted();
    },
  });

  return (
    <div className="actions-block">
      <div className="toolbar">
        {CRITERIA.map((c) => (
          <button
            key={c.value}
            type="button"
            className="btn"
            title={c.hint}
            disabled={score.isPending}
            onClick={() => score.mutate(c.value)}
            data-testid={`trace:score-${c.value.replace("_", "-")}`}
          >
            {c.label}
          </button>
        ))}
        <Link
          className="btn"
          to={{ pathname: "/compare", search: `?base=${id}` }}
          data-testid="trace:compare-link"
        >
          Compare with…
        </Link>
        {!confirming ? (
          <button
            type="button"
            className="btn btn-danger-outline push-right"
            onClick={() => setConfirming(true)}
            data-testid="trace:delete"
          >
            Delete
          </button>
        ) : (
          <ConfirmDelete
            question="Delete this trace and its scores?"
            pending={remove.isPending}
            onConfirm={() => remove.mutate()}
            onCancel={() => setConfirming(false)}
            testIdPrefix="trace"
            className="push-right"
          />
        )}
      </div>
      {score.isPending && <p className="muted">Scoring…</p>}
      {score.isSuccess && (
        <p className="alert alert-success" role="status" data-testid="trace:score-result">
          {score.variables} score: <strong>{formatScore(score.data.score)}</strong>
        </p>
      )}
      {score.isError && (
        <ErrorAlert
          error={score.error}
          testId="trace:score-error"
          title={`Could not score with ${score.variables}`}
        />
      )}
      {remove.isError && (
        <ErrorAlert error={remove.error} testId="trace:delete-error" title="Could not delete" />
      )}
    </div>
  );
}
