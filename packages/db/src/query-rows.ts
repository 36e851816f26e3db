import type { SQL } from "drizzle-orm";

/** Anything that can run raw SQL: the database or a transaction. */
export interface SqlExecutor {
  execute(query: SQL): PromiseLike<unknown>;
}

/**
 * Runs raw SQL and returns its rows. Both drivers (PGlite, node-postgres) answer with `{ rows }`,
 * but the shared PgDatabase type cannot say so; this is the one place that bridges it.
 */
export async function queryRows<T>(db: SqlExecutor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}
