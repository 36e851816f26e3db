import { formatBytes } from "../../shared/format";
import type { UploadProgress } from "./upload-ndjson";

/** Bytes sent so far; once everything is sent the server is still validating and storing. */
export function UploadProgressBar({
  progress,
  onCancel,
}: {
  progress: UploadProgress;
  onCancel: () => void;
}) {
  const sent = progress.total > 0 && progress.loaded >= progress.total;
  const pct = progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <div className="upload-progress" data-testid="upload:progress">
      <progress max={100} value={sent ? undefined : pct} aria-label="Upload progress" />
      <span className="muted" aria-live="polite">
        {sent
          ? `Sent ${formatBytes(progress.total)}; the server is validating and storing…`
          : `Uploading ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} (${pct}%)`}
      </span>
      <button type="button" className="btn btn-small" onClick={onCancel} data-testid="upload:cancel">
        Cancel
      </button>
    </div>
  );
}
