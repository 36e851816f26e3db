import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RunDetail } from "@tunix-rt/contracts";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";
import { isTerminal } from "../../shared/run-status";

interface Props {
  run: RunDetail;
  /** A retry made a new run: the page moves to it. */
  onRetried: (runId: string) => void;
}

/** Cancel (after a confirmation), retry, resume from the last checkpoint, or edit and resubmit. */
export function RunActions({ run, onRetried }: Props) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const terminal = isTerminal(run.status);

  const cancel = useMutation({
    mutationFn: () => api.runs.cancel(run.run_id),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.run(run.run_id), updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.runs });
      setConfirming(false);
    },
    onError: () => setConfirming(false),
  });
  const retry = useMutation({
    mutationFn: (resume: boolean) => api.runs.retry(run.run_id, { resume }),
    onSuccess: (created) => {
      queryClient.setQueryData(queryKeys.run(created.run_id), created);
      void queryClient.invalidateQueries({ queryKey: queryKeys.runs });
      onRetried(created.run_id);
    },
  });

  if (run.mode === "dry-run") {
    return (
      <div className="run-actions">
        <Link className="btn" to={`/runs?from=${run.run_id}`} data-testid="run:edit">
          Edit &amp; submit
        </Link>
      </div>
    );
  }

  return (
    <div className="run-actions-block">
      <div className="run-actions">
        {!terminal &&
          (confirming ? (
            <fieldset className="confirm" data-testid="run:cancel-confirm-box">
              <legend className="visually-hidden">Confirm cancel</legend>
              <span>
                {run.status === "pending"
                  ? "Take this run off the queue?"
                  : "Stop the trainer? It gets SIGTERM, then SIGKILL after the grace period."}
              </span>
              <button
                type="button"
                className="btn btn-danger"
                disabled={cancel.isPending}
                onClick={() => cancel.mutate()}
                data-testid="run:cancel-confirm"
              >
                {cancel.isPending ? "Cancelling…" : "Yes, cancel the run"}
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => setConfirming(false)}
                data-testid="run:cancel-dismiss"
              >
                Keep it running
              </button>
            </fieldset>
          ) : (
            <button
              type="button"
              className="btn btn-danger-outline"
              disabled={run.status === "cancel_requested"}
              onClick={() => {
                cancel.reset();
                setConfirming(true);
              }}
              data-testid="run:cancel"
            >
              {run.status === "cancel_requested" ? "Cancelling…" : "Cancel run"}
            </button>
          ))}
        {terminal && (
          <button
            type="button"
            className="btn"
            disabled={retry.isPending}
            onClick={() => retry.mutate(false)}
            data-testid="run:retry"
          >
            ↻ Retry
          </button>
        )}
        {/* A completed run has nothing left to resume: its primary action is to go again, edited. */}
        {terminal && run.status !== "completed" && run.resumable_from && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={retry.isPending}
            onClick={() => retry.mutate(true)}
            title={`A new run that continues from ${run.resumable_from}`}
            data-testid="run:resume"
          >
            ▶ Resume from {run.resumable_from.replace(/^checkpoints\//, "checkpoint ")}
          </button>
        )}
        <Link
          className={run.status === "completed" ? "btn btn-primary" : "btn"}
          to={`/runs?from=${run.run_id}`}
          data-testid="run:edit"
        >
          Edit &amp; submit again
        </Link>
      </div>
      {cancel.isError && (
        <ErrorAlert error={cancel.error} testId="run:cancel-error" title="Could not cancel" />
      )}
      {retry.isError && <ErrorAlert error={retry.error} testId="run:retry-error" title="Could not retry" />}
    </div>
  );
}
