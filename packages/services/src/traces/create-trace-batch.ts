import { type CreateTraceBatchResponse, ReasoningTrace, TRACE_LIMITS } from "@tunix-rt/contracts";
import { AppError, type FieldError, zodFieldErrors } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { insertTraceRecords } from "./insert-traces.js";
import { toTraceRecord } from "./trace-record.js";

/**
 * The seed's JSON-array batch: all items are validated first and one invalid item rejects the
 * whole batch (422 listing every invalid field as "<index>/<field>"), so it stays all-or-nothing.
 */
export async function createTraceBatch(deps: ServiceDeps, body: unknown): Promise<CreateTraceBatchResponse> {
  if (!Array.isArray(body)) throw new AppError("bad_request", "Batch body must be a JSON array of traces");
  if (body.length === 0) throw new AppError("bad_request", "Batch must contain at least one trace");
  if (body.length > TRACE_LIMITS.batchArrayMax) {
    throw new AppError(
      "bad_request",
      `Batch size (${body.length}) exceeds maximum (${TRACE_LIMITS.batchArrayMax}); stream larger uploads as application/x-ndjson`,
    );
  }
  const errors: FieldError[] = [];
  const traces: ReasoningTrace[] = [];
  body.forEach((item, index) => {
    const parsed = ReasoningTrace.safeParse(item);
    if (parsed.success) traces.push(parsed.data);
    else errors.push(...zodFieldErrors(parsed.error.issues, String(index)));
  });
  if (errors.length > 0)
    throw new AppError("validation", "One or more traces in the batch are invalid", { errors });
  const now = new Date();
  const records = traces.map((t) => toTraceRecord(t, now));
  await insertTraceRecords(deps, records);
  return {
    created_count: records.length,
    traces: records.map((r) => ({ id: r.id, created_at: r.createdAt, trace_version: r.traceVersion })),
  };
}
