export { createDb, type Database, type DbConfig, type DbHandle, type Schema } from "./create-db.js";
export { migrate, MIGRATIONS_DIR } from "./migrate.js";
export * from "./schema.js";
export { type SQL, sql, and, or, eq, desc, asc, lt, gt, gte, lte, inArray } from "drizzle-orm";
export { queryRows, type SqlExecutor } from "./query-rows.js";
