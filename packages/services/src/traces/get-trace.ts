import type { ReasoningTrace, TraceDetail } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { isUuid, toIso } from "../ids.js";

interface TraceRow {
  id: string;
  created_at: string;
  trace_version: string;
  payload: ReasoningTrace;
}

/** Throws `validation` for a malformed id (seed: 422) and `not_found` for a missing trace. */
export function assertTraceId(id: string, field = "trace_id"): void {
  if (!isUuid(id))
    throw new AppError("validation", `${field} is not a valid UUID`, {
      errors: [{ field, message: "must be a UUID" }],
    });
}

export async function getTrace(deps: ServiceDeps, id: string, label = "Trace"): Promise<TraceDetail> {
  assertTraceId(id);
  const rows = await queryRows<TraceRow>(
    deps.db,
    sql`SELECT id, created_at, trace_version, payload FROM traces WHERE id = ${id}`,
  );
  const row = rows[0];
  if (!row) throw new AppError("not_found", `${label} ${id} not found`);
  return {
    id: row.id,
    created_at: toIso(row.created_at),
    trace_version: row.trace_version,
    payload: row.payload,
  };
}
