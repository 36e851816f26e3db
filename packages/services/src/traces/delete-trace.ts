import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from "../pg-error.js";
import { assertTraceId } from "./get-trace.js";

const inUse = (id: string, keys: string[]) =>
  new AppError(
    "conflict",
    `Trace ${id} is part of dataset${keys.length === 1 ? "" : "s"} ${keys.join(", ") || "(a new build)"}; datasets are immutable, delete them first`,
  );

/** Deletes a trace; its scores go with it (FK cascade). Refused while a dataset holds it. */
export async function deleteTrace(deps: ServiceDeps, id: string): Promise<void> {
  assertTraceId(id);
  const used = await queryRows<{ dataset_key: string }>(
    deps.db,
    sql`SELECT DISTINCT d.dataset_key FROM dataset_members m JOIN datasets d ON d.id = m.dataset_id WHERE m.trace_id = ${id} LIMIT 5`,
  );
  if (used.length)
    throw inUse(
      id,
      used.map((u) => u.dataset_key),
    );
  let rows: Array<{ id: string }>;
  try {
    rows = await timedWrite(deps, "delete_trace", () =>
      queryRows<{ id: string }>(deps.db, sql`DELETE FROM traces WHERE id = ${id} RETURNING id`),
    );
  } catch (err) {
    // A dataset took the trace between the check and the delete.
    if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) throw inUse(id, []);
    throw err;
  }
  if (rows.length === 0) throw new AppError("not_found", `Trace ${id} not found`);
}
