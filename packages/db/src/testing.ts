import { createDb, type DbHandle } from "./create-db.js";

/**
 * A fresh migrated database for one test file: in-memory PGlite by default, or a brand-new
 * database on the Postgres server named by TEST_DATABASE_URL (set by the test runner), so the
 * same suite proves both.
 */
export async function createTestDb(opts: { postgres?: boolean } = {}): Promise<DbHandle> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!opts.postgres) return createDb({ pgliteDir: "memory://" });
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set: run the suite with `npm test`");
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: url.toString() });
  const close = handle.close;
  return {
    ...handle,
    async close() {
      await close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** True when a real Postgres server is available to the suite. */
export const hasTestPostgres = () => Boolean(process.env.TEST_DATABASE_URL);
/** The server's admin URL, for tests that start their own processes against a fresh database. */
export const testPostgresUrl = () => process.env.TEST_DATABASE_URL;
