import type { ListTracesQuery, ListTracesResponse, TraceSummary } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { isUuid, toIso } from "../ids.js";
import { latestScoreJoin, traceFilterConditions, whereClause } from "./trace-filters.js";

const PREVIEW_CHARS = 160;

/** Cursors are opaque to clients: base64url of the last id seen (ids are time-ordered UUIDv7). */
export const encodeCursor = (id: string) => Buffer.from(id).toString("base64url");
export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!isUuid(id)) {
    throw new AppError("validation", "cursor is invalid", {
      errors: [{ field: "query/cursor", message: "not a cursor returned by this API" }],
    });
  }
  return id;
}

interface SummaryRow {
  id: string;
  created_at: string;
  trace_version: string;
  prompt_preview: string;
  step_count: number;
  source: string | null;
  latest_score: number | null;
}

/** Keyset-paginated summaries, newest first; filters combine with AND. */
export async function listTraces(deps: ServiceDeps, q: ListTracesQuery): Promise<ListTracesResponse> {
  if (q.cursor && q.offset !== undefined) {
    throw new AppError("validation", "Use either cursor or offset, not both", {
      errors: [{ field: "query/offset", message: "cannot be combined with cursor" }],
    });
  }
  const conditions = traceFilterConditions(q);
  if (q.cursor) conditions.unshift(sql`t.id < ${decodeCursor(q.cursor)}`);

  const rows = await queryRows<SummaryRow>(
    deps.db,
    sql`
    SELECT t.id, t.created_at, t.trace_version, left(t.payload->>'prompt', ${PREVIEW_CHARS}) AS prompt_preview,
           t.step_count, t.source, ls.score AS latest_score
    FROM traces t
    ${latestScoreJoin(q.score_criteria)}
    ${whereClause(conditions)}
    ORDER BY t.id DESC
    LIMIT ${q.limit + 1} ${q.offset ? sql`OFFSET ${q.offset}` : sql``}`,
  );

  const page = rows.slice(0, q.limit);
  const data: TraceSummary[] = page.map((r) => ({
    id: r.id,
    created_at: toIso(r.created_at),
    trace_version: r.trace_version,
    prompt_preview: r.prompt_preview,
    step_count: Number(r.step_count),
    source: r.source,
    latest_score: r.latest_score === null ? null : Number(r.latest_score),
  }));
  const last = page[page.length - 1];
  const more = rows.length > q.limit;
  const pagination: ListTracesResponse["pagination"] = {
    limit: q.limit,
    next_cursor: more && last ? encodeCursor(last.id) : null,
  };
  if (q.offset !== undefined)
    Object.assign(pagination, { offset: q.offset, next_offset: more ? q.offset + q.limit : null });
  return { data, pagination };
}
