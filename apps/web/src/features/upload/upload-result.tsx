import type { ImportTracesResponse } from "@tunix-rt/contracts";
import { pluralize } from "../../shared/format";
import type { PreparedUpload } from "./prepare-upload";

interface Props {
  result: ImportTracesResponse;
  kind: PreparedUpload["kind"];
  /** File name, when the upload came from a file. */
  fileName?: string;
}

/** Array uploads are numbered by item, everything else by line, as the person wrote them. */
const unitLabel = (kind: PreparedUpload["kind"]) => (kind === "array" ? "Item" : "Line");

export function UploadResult({ result, kind, fileName }: Props) {
  const allRejected = result.created_count === 0 && result.skipped_count === 0 && result.rejected_count > 0;
  const tone = result.rejected_count === 0 ? "alert-success" : allRejected ? "alert-error" : "alert-warning";
  const single = kind === "object";
  return (
    <div className={`alert ${tone}`} role="status" data-testid="upload:result">
      <p className="upload-summary">
        {single && allRejected ? (
          <strong>The trace was rejected. Fix the fields below and upload again.</strong>
        ) : (
          <>
            <strong>{fileName ? `${fileName}: ` : ""}</strong>
            {pluralize(result.received_count, "trace")} received
          </>
        )}
      </p>
      <ul className="counts">
        <li data-testid="upload:created-count">
          <span className="count-value">{result.created_count}</span> created
        </li>
        <li data-testid="upload:skipped-count">
          <span className="count-value">{result.skipped_count}</span> skipped as duplicates
        </li>
        <li data-testid="upload:rejected-count">
          <span className="count-value">{result.rejected_count}</span> rejected
        </li>
      </ul>
      {result.rejected.length > 0 && (
        <ol className="rejected-list" data-testid="upload:rejected" aria-label="Rejected lines">
          {result.rejected.map((r) => (
            <li key={r.line} data-testid={`upload:rejected-line-${r.line}`}>
              {!single && (
                <span className="rejected-line">
                  {unitLabel(kind)} {r.line}
                </span>
              )}
              <ul className="field-errors">
                {r.errors.map((e) => (
                  <li key={`${e.field}:${e.message}`}>
                    <code>{e.field}</code>: {e.message}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {result.rejected_truncated && (
        <p className="muted">
          Only the first {result.rejected.length} of {result.rejected_count} rejected lines are listed.
        </p>
      )}
    </div>
  );
}
