import type { ListRunsQuery, ListRunsResponse } from "@tunix-rt/contracts";
import { queryRows, type SQL, sql } from "@tunix-rt/db";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { ServiceDeps } from "../deps.js";
import { liveFor, liveOf } from "./run-progress.js";
import { type RunRow, toRunSummary } from "./run-row.js";
import { decodeSortedCursor, encodeSortedCursor, runOrderBy } from "./run-sort.js";

/** Newest first by default (keyset on id); any other sort pages by offset (see run-sort). */
export async function listRuns(deps: ServiceDeps, q: ListRunsQuery): Promise<ListRunsResponse> {
  const where: SQL[] = [];
  const byId = q.sort === "-created_at";
  const offset = !byId && q.cursor ? decodeSortedCursor(q.cursor, q.sort) : 0;
  if (byId && q.cursor) where.push(sql`id < ${decodeCursor(q.cursor)}`);
  if (q.status) where.push(sql`status = ${q.status}`);
  if (q.kind) where.push(sql`kind = ${q.kind}`);
  if (q.dataset_key) where.push(sql`dataset_key = ${q.dataset_key}`);
  if (q.model_id) where.push(sql`model_id = ${q.model_id}`);
  if (q.trainer) where.push(sql`trainer = ${q.trainer}`);
  if (q.mode) where.push(sql`mode = ${q.mode}`);
  if (q.label) where.push(sql`labels @> ${JSON.stringify([q.label])}::jsonb`);
  if (q.created_after) where.push(sql`created_at > ${new Date(q.created_after).toISOString()}::timestamptz`);
  if (q.created_before)
    where.push(sql`created_at < ${new Date(q.created_before).toISOString()}::timestamptz`);
  const rows = await queryRows<RunRow>(
    deps.db,
    sql`SELECT * FROM runs ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
        ${runOrderBy(q.sort)} LIMIT ${q.limit + 1} OFFSET ${offset}`,
  );
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const live = await liveOf(deps, page);
  return {
    data: page.map((r) => toRunSummary(r, liveFor(live, r.id))),
    pagination: {
      limit: q.limit,
      next_cursor:
        !more || !last ? null : byId ? encodeCursor(last.id) : encodeSortedCursor(q.sort, offset + q.limit),
    },
  };
}
