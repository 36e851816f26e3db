import type { ListTracesQuery, ListTracesResponse, TraceSort, TraceSummary } from "@tunix-rt/contracts";
import { queryRows, type SQL, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { decodeSortCursor, encodeSortCursor, type SortCursor } from "../cursor.js";
import type { ServiceDeps } from "../deps.js";
import { toIso } from "../ids.js";
import { latestScoreJoin, traceFilterConditions, whereClause } from "./trace-filters.js";

const PREVIEW_CHARS = 160;

interface SummaryRow {
  id: string;
  created_at: string;
  trace_version: string;
  prompt_preview: string;
  answer_preview: string | null;
  step_count: number;
  source: string | null;
  latest_score: number | null;
  baseline: number | null;
  answer_match: number | null;
  sort_value: string | number | null;
}

/**
 * The value each sort orders by, never null (unscored traces and traces without a source sort
 * last), so one row comparison `(value, id)` pages through any order. Creation order is id order
 * (ids are time-ordered UUIDv7), so that sort needs no value.
 */
function sortValue(sort: TraceSort): SQL | null {
  const desc = sort.startsWith("-");
  switch (sort.replace("-", "")) {
    case "step_count":
      return sql`t.step_count`;
    case "score":
      return desc
        ? sql`COALESCE(ls.score::float8, '-Infinity'::float8)`
        : sql`COALESCE(ls.score::float8, 'Infinity'::float8)`;
    case "source":
      return desc ? sql`COALESCE(t.source, '')` : sql`COALESCE(t.source, chr(1114111))`;
    default:
      return null;
  }
}

function keysetCondition(sort: TraceSort, value: SQL | null, cursor: SortCursor): SQL {
  const op = sort.startsWith("-") ? sql`<` : sql`>`;
  if (!value) return sql`t.id ${op} ${cursor.id}`;
  const typed = sort.includes("score") ? sql`${String(cursor.v)}::float8` : sql`${cursor.v}`;
  return sql`(${value}, t.id) ${op} (${typed}, ${cursor.id}::uuid)`;
}

function orderBy(sort: TraceSort, value: SQL | null): SQL {
  const dir = sort.startsWith("-") ? sql`DESC` : sql`ASC`;
  return value ? sql`ORDER BY ${value} ${dir}, t.id ${dir}` : sql`ORDER BY t.id ${dir}`;
}

const scoreOf = (criteria: string, alias: string) =>
  sql`(SELECT s.score FROM scores s WHERE s.trace_id = t.id AND s.criteria = ${criteria}
       ORDER BY s.id DESC LIMIT 1) AS ${sql.raw(alias)}`;

const num = (v: number | string | null) => (v === null ? null : Number(v));

async function countMatches(deps: ServiceDeps, q: ListTracesQuery, conditions: SQL[]): Promise<number> {
  const rows = await queryRows<{ n: string | number }>(
    deps.db,
    sql`SELECT count(*) AS n FROM traces t ${latestScoreJoin(q.score_criteria)} ${whereClause(conditions)}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Keyset-paginated summaries in the asked order (newest first by default); filters combine with AND. */
export async function listTraces(deps: ServiceDeps, q: ListTracesQuery): Promise<ListTracesResponse> {
  if (q.cursor && q.offset !== undefined) {
    throw new AppError("validation", "Use either cursor or offset, not both", {
      errors: [{ field: "query/offset", message: "cannot be combined with cursor" }],
    });
  }
  const filters = traceFilterConditions(q);
  const value = sortValue(q.sort);
  const conditions = [...filters];
  if (q.cursor) conditions.unshift(keysetCondition(q.sort, value, decodeSortCursor(q.cursor, q.sort)));

  const [rows, total] = await Promise.all([
    queryRows<SummaryRow>(
      deps.db,
      sql`
      SELECT t.id, t.created_at, t.trace_version, left(t.payload->>'prompt', ${PREVIEW_CHARS}) AS prompt_preview,
             left(t.payload->>'final_answer', ${PREVIEW_CHARS}) AS answer_preview,
             t.step_count, t.source, ls.score AS latest_score,
             ${scoreOf("baseline", "baseline")}, ${scoreOf("answer_match", "answer_match")},
             ${value ?? sql`NULL`} AS sort_value
      FROM traces t
      ${latestScoreJoin(q.score_criteria)}
      ${whereClause(conditions)}
      ${orderBy(q.sort, value)}
      LIMIT ${q.limit + 1} ${q.offset ? sql`OFFSET ${q.offset}` : sql``}`,
    ),
    q.include_total ? countMatches(deps, q, filters) : Promise.resolve(undefined),
  ]);

  const page = rows.slice(0, q.limit);
  const data: TraceSummary[] = page.map((r) => ({
    id: r.id,
    created_at: toIso(r.created_at),
    trace_version: r.trace_version,
    prompt_preview: r.prompt_preview,
    answer_preview: r.answer_preview ?? "",
    step_count: Number(r.step_count),
    source: r.source,
    latest_score: num(r.latest_score),
    scores: { baseline: num(r.baseline), answer_match: num(r.answer_match) },
  }));
  const last = page[page.length - 1];
  const more = rows.length > q.limit;
  const pagination: ListTracesResponse["pagination"] = {
    limit: q.limit,
    next_cursor: more && last ? encodeSortCursor(last.id, q.sort, last.sort_value) : null,
  };
  if (total !== undefined) pagination.total = total;
  if (q.offset !== undefined)
    Object.assign(pagination, { offset: q.offset, next_offset: more ? q.offset + q.limit : null });
  return { data, pagination };
}
