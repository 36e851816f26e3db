import { sql } from "drizzle-orm";
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

/**
 * Traces keep the whole validated payload as JSONB plus the columns that lists and filters need,
 * so a list page never has to parse payloads. Ids are UUIDv7: ordering by id is ordering by time.
 */
export const traces = pgTable(
  "traces",
  {
    id: uuid("id").primaryKey(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    traceVersion: varchar("trace_version", { length: 64 }).notNull(),
    payload: jsonb("payload").notNull(),
    source: text("source"),
    stepCount: integer("step_count").notNull(),
    contentHash: varchar("content_hash", { length: 64 }).notNull(),
  },
  (t) => [
    index("traces_source_id_idx").on(t.source, t.id),
    index("traces_content_hash_idx").on(t.contentHash),
    index("traces_created_at_idx").on(t.createdAt),
  ],
);

export const scores = pgTable(
  "scores",
  {
    id: uuid("id").primaryKey(),
    traceId: uuid("trace_id")
      .notNull()
      .references(() => traces.id, { onDelete: "cascade" }),
    criteria: varchar("criteria", { length: 64 }).notNull(),
    score: doublePrecision("score").notNull(),
    details: jsonb("details"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [index("scores_trace_criteria_id_idx").on(t.traceId, t.criteria, sql`${t.id} DESC`)],
);
