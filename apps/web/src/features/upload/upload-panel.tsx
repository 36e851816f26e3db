import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ImportTracesResponse } from "@tunix-rt/contracts";
import { type DragEvent, useId, useRef, useState } from "react";
import { ErrorAlert } from "../../shared/error-alert";
import { queryKeys } from "../../shared/query-keys";
import { EXAMPLE_TRACE } from "./example-trace";
import { fileKind, InputError, type PreparedUpload, prepareUpload } from "./prepare-upload";
import { type UploadProgress, uploadNdjson } from "./upload-ndjson";
import { UploadProgressBar } from "./upload-progress";
import { UploadResult } from "./upload-result";
import "./upload.css";

interface Job {
  body: Blob;
  kind: PreparedUpload["kind"];
  fileName?: string;
}

/** Turns a chosen or dropped file into an upload job; NDJSON files are streamed as they are. */
async function jobFromFile(file: File): Promise<Job> {
  const kind = fileKind(file.name);
  if (kind === "ndjson") return { body: file, kind: "ndjson", fileName: file.name };
  if (kind === "json") {
    const prepared = prepareUpload(await file.text());
    return { body: new Blob([prepared.body]), kind: prepared.kind, fileName: file.name };
  }
  throw new InputError(`${file.name}: choose a .json, .jsonl or .ndjson file.`);
}

function jobFromText(text: string): Job {
  const prepared = prepareUpload(text);
  return { body: new Blob([prepared.body]), kind: prepared.kind };
}

/** Paste JSON or drop a file; everything goes to the server as NDJSON with visible progress. */
export function UploadPanel() {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = { text: useId(), file: useId(), dup: useId() };

  const upload = useMutation<ImportTracesResponse & { job: Job }, Error, () => Promise<Job>>({
    mutationFn: async (makeJob) => {
      const job = await makeJob();
      abort.current = new AbortController();
      setProgress({ loaded: 0, total: job.body.size });
      const result = await uploadNdjson(job.body, {
        onDuplicate: skipDuplicates ? "skip" : "store",
        onProgress: setProgress,
        signal: abort.current.signal,
      });
      return { ...result, job };
    },
    onSettled: (data) => {
      setProgress(null);
      abort.current = null;
      if (data && data.created_count > 0) void queryClient.invalidateQueries({ queryKey: queryKeys.traces });
    },
  });

  const uploadFile = (file: File | undefined) => {
    if (!file) return;
    upload.mutate(() => jobFromFile(file));
    // Let the same file be chosen again after it is fixed.
    if (fileInput.current) fileInput.current.value = "";
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    uploadFile(e.dataTransfer.files[0]);
  };
  const busy = upload.isPending;

  const dropzone = (
    /* biome-ignore lint/a11y/noStaticElementInteractions: a drop target only; the file input inside is the keyboard way */
    <div
      className={`dropzone${dragging ? " is-dragging" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="upload:dropzone"
    >
      <span>Drop a .json or .jsonl file here, or</span>
      <label htmlFor={ids.file} className="btn btn-small">
        Choose file…
      </label>
      <input
        ref={fileInput}
        id={ids.file}
        type="file"
        className="visually-hidden"
        accept=".json,.jsonl,.ndjson,application/json,application/x-ndjson"
        disabled={busy}
        onChange={(e) => uploadFile(e.target.files?.[0])}
        data-testid="upload:file-input"
      />
    </div>
  );

  return (
    <section className="card upload-panel" aria-labelledby="upload-h" data-testid="upload:panel">
      <h2 id="upload-h" className="card-title">
        Import traces
      </h2>
      <label htmlFor={ids.text} className="field-label">
        Paste a trace as JSON (one object, an array, or NDJSON lines)
      </label>
      <div className="upload-inputs">
        <textarea
          id={ids.text}
          className="code-input"
          // Small while empty, so the list below stays in view; room to read once something is pasted.
          rows={text ? 9 : 3}
          spellCheck={false}
          placeholder='{"trace_version": "1.0", "prompt": "…", "steps": [{"i": 0, "type": "…", "content": "…"}], "final_answer": "…"}'
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="upload:json"
        />
        {dropzone}
      </div>
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || text.trim() === ""}
          onClick={() => upload.mutate(async () => jobFromText(text))}
          data-testid="upload:submit"
        >
          Upload
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => setText(JSON.stringify(EXAMPLE_TRACE, null, 2))}
          data-testid="upload:load-example"
        >
          Load example
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          disabled={busy || text === ""}
          onClick={() => setText("")}
          data-testid="upload:clear"
        >
          Clear
        </button>
        <label className="checkbox push-right" htmlFor={ids.dup}>
          <input
            id={ids.dup}
            type="checkbox"
            checked={skipDuplicates}
            onChange={(e) => setSkipDuplicates(e.target.checked)}
            data-testid="upload:skip-duplicates"
          />
          Skip duplicates
        </label>
      </div>

      {progress && <UploadProgressBar progress={progress} onCancel={() => abort.current?.abort()} />}
      {upload.isError && (
        <ErrorAlert
          error={upload.error}
          testId="upload:error"
          title={upload.error instanceof InputError ? undefined : "Upload failed"}
        />
      )}
      {upload.isSuccess && (
        <UploadResult result={upload.data} kind={upload.data.job.kind} fileName={upload.data.job.fileName} />
      )}
    </section>
  );
}
