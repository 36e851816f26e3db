interface Props {
  /** What is about to go, e.g. "Delete this trace and its scores?" */
  question: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** Test ids are `<prefix>:delete-confirm` and `<prefix>:delete-cancel`. */
  testIdPrefix: string;
  className?: string;
}

/** The second step of a delete: the question, then "Yes, delete" or "Cancel". */
export function ConfirmDelete({ question, pending, onConfirm, onCancel, testIdPrefix, className }: Props) {
  return (
    <fieldset className={className ? `confirm ${className}` : "confirm"}>
      <legend className="visually-hidden">Confirm delete</legend>
      <span>{question}</span>
      <button
        type="button"
        className="btn btn-danger"
        disabled={pending}
        onClick={onConfirm}
        data-testid={`${testIdPrefix}:delete-confirm`}
      >
        {pending ? "Deleting…" : "Yes, delete"}
      </button>
      <button type="button" className="btn" onClick={onCancel} data-testid={`${testIdPrefix}:delete-cancel`}>
        Cancel
      </button>
    </fieldset>
  );
}
