import { sql } from "drizzle-orm";
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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

/**
 * A dataset version is immutable: its request, statistics and content hash are written once, with
 * its ordered members. Members hold their traces with ON DELETE RESTRICT, so a trace that a
 * dataset uses cannot disappear from under it.
 */
export const datasets = pgTable(
  "datasets",
  {
    id: uuid("id").primaryKey(),
    datasetKey: varchar("dataset_key", { length: 200 }).notNull().unique(),
    datasetName: varchar("dataset_name", { length: 128 }).notNull(),
    datasetVersion: varchar("dataset_version", { length: 64 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    request: jsonb("request").notNull(),
    traceCount: integer("trace_count").notNull(),
    splitCounts: jsonb("split_counts").notNull(),
    stats: jsonb("stats").notNull(),
    contentHash: varchar("content_hash", { length: 64 }).notNull(),
    parentDatasetId: text("parent_dataset_id"),
    tokenStats: jsonb("token_stats"),
  },
  (t) => [index("datasets_parent_idx").on(t.parentDatasetId)],
);

export const datasetMembers = pgTable(
  "dataset_members",
  {
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    traceId: uuid("trace_id")
      .notNull()
      .references(() => traces.id, { onDelete: "restrict" }),
    split: varchar("split", { length: 8 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.position] }), index("dataset_members_trace_idx").on(t.traceId)],
);
