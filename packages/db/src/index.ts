export { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
export { createDb, type Database, type DbConfig, type DbHandle, type Schema } from "./create-db.js";
export { MIGRATIONS_DIR, migrate } from "./migrate.js";
export { createLocalBus, createNotifyBus, type NotifyBus, type ResyncMessage } from "./notify-bus.js";
export { queryRows, type SqlExecutor } from "./query-rows.js";
export * from "./schema.js";
