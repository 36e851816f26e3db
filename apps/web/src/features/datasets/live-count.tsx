import type { UseQueryResult } from "@tanstack/react-query";
import type { PreviewDatasetResponse } from "@tunix-rt/contracts";
import { ErrorAlert } from "../../shared/error-alert";
import { formatCount } from "../../shared/format";
import { type BuildForm, estimateSplits } from "./build-request";

interface Props {
  form: BuildForm;
  preview: UseQueryResult<PreviewDatasetResponse>;
  /** The filters changed and the count on screen is about to be replaced. */
  settling: boolean;
}

/** How many traces match the filters and how many the limit keeps, updated as the filters change. */
export function LiveCount({ form, preview, settling }: Props) {
  const data = preview.data;
  const split = data ? estimateSplits(data.selected_count, form) : null;
  const hasSplit = split !== null && (split.val > 0 || split.test > 0);
  return (
    <div
      className={`live-count${settling ? " is-settling" : ""}`}
      aria-live="polite"
      aria-busy={settling}
      data-testid="datasets:live-count"
      data-settled={!settling && !!data}
    >
      {preview.isError && !settling ? (
        <ErrorAlert
          error={preview.error}
          testId="datasets:preview-error"
          title="Cannot count these filters"
        />
      ) : data ? (
        <>
          <p className="live-count-main">
            <strong data-testid="datasets:matching-count">{formatCount(data.matching_count)}</strong>{" "}
            {data.matching_count === 1 ? "trace matches" : "traces match"}
            {" · "}
            <strong data-testid="datasets:selected-count">{formatCount(data.selected_count)}</strong> will be
            selected
          </p>
          {data.selected_count === 0 ? (
            <p className="muted small" data-testid="datasets:nothing-selected">
              Nothing matches: change the filters, or generate or import traces first.
            </p>
          ) : (
            hasSplit && (
              <p className="muted small" data-testid="datasets:split-estimate">
                About {formatCount(split.train)} train · {formatCount(split.val)} val ·{" "}
                {formatCount(split.test)} test
              </p>
            )
          )}
        </>
      ) : (
        <p className="muted">Counting matching traces…</p>
      )}
    </div>
  );
}
