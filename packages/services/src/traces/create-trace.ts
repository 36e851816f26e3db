import { type CreateTraceResponse, ReasoningTrace } from "@tunix-rt/contracts";
import { AppError, zodFieldErrors } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { insertTraceRecords } from "./insert-traces.js";
import { toTraceRecord } from "./trace-record.js";

/** Validates `body` as a ReasoningTrace and stores it. */
export async function createTrace(deps: ServiceDeps, body: unknown): Promise<CreateTraceResponse> {
  const parsed = ReasoningTrace.safeParse(body);
  if (!parsed.success) {
    throw new AppError("validation", "The trace is invalid", { errors: zodFieldErrors(parsed.error.issues) });
  }
  const record = toTraceRecord(parsed.data);
  await insertTraceRecords(deps, [record]);
  return { id: record.id, created_at: record.createdAt, trace_version: record.traceVersion };
}
