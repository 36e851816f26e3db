import { ApiError } from "@tunix-rt/client";
import { errorMessage } from "./api";

interface Props {
  error: unknown;
  testId: string;
  /** What was being attempted, e.g. "Scoring failed". */
  title?: string;
}

/** Shows the server's problem detail and each field error, so the user can fix the input. */
export function ErrorAlert({ error, testId, title }: Props) {
  const problem = error instanceof ApiError ? error.problem : null;
  return (
    <div className="alert alert-error" role="alert" data-testid={testId}>
      {title && <strong className="alert-title">{title}</strong>}
      {problem ? (
        <>
          <p>
            {problem.detail} <span className="muted">({problem.status})</span>
          </p>
          {problem.errors && problem.errors.length > 0 && (
            <ul className="field-errors">
              {problem.errors.map((e) => (
                <li key={`${e.field}:${e.message}`}>
                  <code>{e.field}</code>: {e.message}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p className="pre-line">{errorMessage(error)}</p>
      )}
    </div>
  );
}
