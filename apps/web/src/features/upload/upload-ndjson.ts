import { ApiError } from "@tunix-rt/client";
import type { ImportTracesResponse, OnDuplicate, Problem } from "@tunix-rt/contracts";

export interface UploadProgress {
  loaded: number;
  total: number;
}

interface Options {
  onDuplicate: OnDuplicate;
  onProgress: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

function parseProblem(text: string): Problem | null {
  try {
    const p = JSON.parse(text) as Problem;
    return typeof p?.detail === "string" ? p : null;
  } catch {
    return null;
  }
}

/**
 * Streams NDJSON to the batch endpoint. XMLHttpRequest rather than fetch because only XHR reports
 * upload progress; errors become the same ApiError the typed client throws.
 */
export function uploadNdjson(
  body: Blob,
  { onDuplicate, onProgress, signal }: Options,
): Promise<ImportTracesResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/traces/batch?on_duplicate=${onDuplicate}`);
    xhr.setRequestHeader("content-type", "application/x-ndjson");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) =>
      onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : body.size });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportTracesResponse);
        } catch {
          reject(new Error(`The server answered ${xhr.status} with a body that is not JSON.`));
        }
        return;
      }
      const fallback = `HTTP ${xhr.status} ${xhr.statusText}: ${xhr.responseText.slice(0, 200)}`;
      reject(new ApiError(xhr.status, parseProblem(xhr.responseText), fallback));
    };
    xhr.onerror = () =>
      reject(new Error("The upload did not reach the server (network error). Is tunix-rt running?"));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
