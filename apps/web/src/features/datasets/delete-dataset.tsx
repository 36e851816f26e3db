import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../shared/api";
import { ConfirmDelete } from "../../shared/confirm-delete";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";

/** Delete with a confirmation step; a refusal (409 while another dataset refers to it) is shown. */
export function DeleteDataset({ datasetKey, onDeleted }: { datasetKey: string; onDeleted: () => void }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.datasets.delete(datasetKey),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: queryKeys.dataset(datasetKey) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.datasets });
      onDeleted();
    },
    onError: () => setConfirming(false),
  });
  return (
    <div className="delete-block">
      {!confirming ? (
        <button
          type="button"
          className="btn btn-danger-outline"
          onClick={() => {
            remove.reset();
            setConfirming(true);
          }}
          data-testid="dataset:delete"
        >
          Delete
        </button>
      ) : (
        <ConfirmDelete
          question={`Delete ${datasetKey}? Its traces stay.`}
          pending={remove.isPending}
          onConfirm={() => remove.mutate()}
          onCancel={() => setConfirming(false)}
          testIdPrefix="dataset"
        />
      )}
      {remove.isError && (
        <ErrorAlert error={remove.error} testId="dataset:delete-error" title="Could not delete" />
      )}
    </div>
  );
}
