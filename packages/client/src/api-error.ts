import type { Problem } from "@tunix-rt/contracts";

/** A non-2xx answer from the server, carrying its problem document so callers can show `detail`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    fallback: string,
  ) {
    super(problem ? formatProblem(problem) : fallback);
    this.name = "ApiError";
  }
}

/** "detail" plus one line per field error: what a person needs to fix the request. */
export function formatProblem(p: Problem): string {
  const fields = (p.errors ?? []).map((e) => `${e.field}: ${e.message}`);
  return [p.detail, ...fields].join("\n");
}
