import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";

/** Total stored traces (for the /metrics gauge; a full count, so scraped, not per request). */
export async function countTraces(deps: ServiceDeps): Promise<number> {
  const rows = await queryRows<{ n: string | number }>(deps.db, sql`SELECT count(*) AS n FROM traces`);
  return Number(rows[0]?.n ?? 0);
}
