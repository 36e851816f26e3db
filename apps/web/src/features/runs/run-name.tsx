import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RunDetail } from "@tunix-rt/contracts";
import { type FormEvent, useState } from "react";
import { api } from "../../shared/api";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";

/** The run's name in its page title, with a rename form in place (empty clears it). */
export function RunName({ run }: { run: RunDetail }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(run.name ?? "");
  const rename = useMutation({
    mutationFn: (name: string | null) => api.runs.rename(run.run_id, name),
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.run(run.run_id), updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.runs });
      setEditing(false);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    rename.mutate(draft.trim() ? draft.trim() : null);
  };
  if (!editing)
    return (
      <>
        {run.name && (
          <span className="run-name" data-testid="run:name">
            {run.name}
          </span>
        )}
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => {
            setDraft(run.name ?? "");
            setEditing(true);
          }}
          data-testid="run:rename"
        >
          {run.name ? "Rename" : "Name it"}
        </button>
      </>
    );
  return (
    <form className="run-rename" onSubmit={submit} data-testid="run:rename-form">
      <input
        aria-label="Run name"
        value={draft}
        maxLength={200}
        placeholder="e.g. lr 4e-3, warmup 200"
        onChange={(e) => setDraft(e.target.value)}
        data-testid="run:rename-input"
        // biome-ignore lint/a11y/noAutofocus: the user just asked to type a name here
        autoFocus
      />
      <button type="submit" className="btn btn-primary btn-small" disabled={rename.isPending}>
        Save
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {rename.isError && (
        <ErrorAlert error={rename.error} testId="run:rename-error" title="Could not rename" />
      )}
    </form>
  );
}
