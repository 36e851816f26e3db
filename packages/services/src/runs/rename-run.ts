import type { RunDetail } from "@tunix-rt/contracts";
import { sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { getRunRow, toRunDetail } from "./run-row.js";

/**
 * Gives a run a person's name (or clears it). A label, not state: any run may be renamed in any
 * status, and nothing else about it changes.
 */
export async function renameRun(
  deps: ServiceDeps,
  id: string,
  name: string | null,
  runDirOf: (id: string) => string,
): Promise<RunDetail> {
  const row = await getRunRow(deps, id);
  await deps.db.execute(sql`UPDATE runs SET name = ${name} WHERE id = ${row.id}`);
  return toRunDetail({ ...row, name }, runDirOf(row.id));
}
