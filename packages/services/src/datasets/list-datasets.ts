import type { ListDatasetsQuery, ListDatasetsResponse } from "@tunix-rt/contracts";
import { queryRows, type SQL, sql } from "@tunix-rt/db";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { ServiceDeps } from "../deps.js";
import { DATASET_COLUMNS, type DatasetRow, toSummary } from "./get-dataset.js";

/** Newest first, keyset-paginated by build id (UUIDv7). */
export async function listDatasets(deps: ServiceDeps, q: ListDatasetsQuery): Promise<ListDatasetsResponse> {
  const where: SQL[] = [];
  if (q.cursor) where.push(sql`id < ${decodeCursor(q.cursor)}`);
  if (q.name) where.push(sql`dataset_name = ${q.name}`);
  const rows = await queryRows<DatasetRow>(
    deps.db,
    sql`SELECT ${DATASET_COLUMNS} FROM datasets ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
        ORDER BY id DESC LIMIT ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toSummary),
    pagination: { limit: q.limit, next_cursor: rows.length > q.limit && last ? encodeCursor(last.id) : null },
  };
}
