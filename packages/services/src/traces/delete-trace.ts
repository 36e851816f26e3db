import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { assertTraceId } from "./get-trace.js";

/** Deletes a trace; its scores go with it (FK cascade). */
export async function deleteTrace(deps: ServiceDeps, id: string): Promise<void> {
  assertTraceId(id);
  const rows = await timedWrite(deps, "delete_trace", () =>
    queryRows<{ id: string }>(deps.db, sql`DELETE FROM traces WHERE id = ${id} RETURNING id`),
  );
  if (rows.length === 0) throw new AppError("not_found", `Trace ${id} not found`);
}
