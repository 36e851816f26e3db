import { type SQL, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";

/**
 * The ORDER BY for a runs list sort. Values a run lacks (no name, a config field it was not given,
 * a metric it never reported) sort last in both directions; a config field holding numbers sorts
 * as numbers, anything else as text. The id breaks ties, so the order is total.
 */
export function runOrderBy(sort: string): SQL {
  const desc = sort.startsWith("-");
  const key = desc ? sort.slice(1) : sort;
  const dir = desc ? sql`DESC` : sql`ASC`;
  const last = (expr: SQL) => sql`${expr} ${dir} NULLS LAST`;
  let keys: SQL[];
  if (key === "created_at") keys = [];
  else if (key === "name") keys = [last(sql`lower(name)`)];
  else if (key === "status") keys = [last(sql`status`)];
  else if (key === "duration")
    keys = [last(sql`EXTRACT(EPOCH FROM (COALESCE(completed_at, now()) - started_at))`)];
  else if (key.startsWith("metric:")) {
    const name = key.slice("metric:".length);
    keys = [last(sql`(final_metrics::jsonb ->> ${name})::float8`)];
  } else if (key.startsWith("config:")) {
    const path = `{${key.slice("config:".length).split(".").join(",")}}`;
    const v = sql`(config::jsonb #> ${path}::text[])`;
    keys = [
      last(sql`CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v} #>> '{}')::float8 END`),
      last(sql`CASE WHEN jsonb_typeof(${v}) <> 'number' THEN ${v} #>> '{}' END`),
    ];
  } else
    throw new AppError("validation", `Unknown sort ${sort}`, {
      errors: [{ field: "query/sort", message: "unknown" }],
    });
  return sql`ORDER BY ${sql.join([...keys, sql`id ${dir}`], sql`, `)}`;
}

/**
 * A sorted list pages by position: its cursor carries the sort and the offset. (Newest first
 * pages by id, which stays exact while runs are added; a sorted page can shift by the runs that
 * arrived since the previous page.)
 */
export const encodeSortedCursor = (sort: string, offset: number) =>
  Buffer.from(JSON.stringify({ s: sort, o: offset })).toString("base64url");

export function decodeSortedCursor(cursor: string, sort: string): number {
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { s?: unknown; o?: unknown };
    if (c.s === sort && Number.isInteger(c.o) && (c.o as number) >= 0) return c.o as number;
  } catch {
    // falls through to the error below
  }
  throw new AppError("validation", "cursor is invalid", {
    errors: [{ field: "query/cursor", message: `not a cursor of this API for sort=${sort}` }],
  });
}
