import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { Database } from "./create-db.js";
import { queryRows } from "./query-rows.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

// Arbitrary constant shared by every tunix-rt process: serializes concurrent starts on one server.
const MIGRATION_LOCK_KEY = 727_384_001;

/**
 * Applies drizzle-kit's committed SQL migrations in one transaction under an advisory lock, so
 * two processes starting against the same Postgres never race: the second waits, then finds
 * nothing left to do.
 */
export async function migrate(db: Database): Promise<{ applied: string[] }> {
  const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(sql`CREATE TABLE IF NOT EXISTS tunix_migrations (
      hash text PRIMARY KEY, created_at bigint NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = await queryRows<{ hash: string }>(tx, sql`SELECT hash FROM tunix_migrations`);
    const doneHashes = new Set(done.map((r) => r.hash));
    for (const m of files) {
      if (doneHashes.has(m.hash)) continue;
      for (const statement of m.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(
        sql`INSERT INTO tunix_migrations (hash, created_at) VALUES (${m.hash}, ${m.folderMillis})`,
      );
      applied.push(m.hash);
    }
  });
  return { applied };
}
