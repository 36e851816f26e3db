import type { ExportDatasetQuery } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { exportLine } from "../render/export-records.js";
import { copyMemberBatches, type MemberRow, reserveStream } from "./copy-members.js";
import { getDatasetRow } from "./get-dataset.js";

const PAGE = 2000;

/**
 * A dataset's members in order, in batches. On a Postgres server: one COPY streamed from a
 * connection held for the whole read (copy-members.ts). On PGlite (a single connection that must
 * keep serving other requests), inside a transaction, or when streams already hold their share
 * of the pool: keyset pages on position, so no connection is held between pages. Either way
 * memory is a page or a network chunk, whatever the dataset's size.
 */
export async function* datasetMemberBatches(
  deps: ServiceDeps,
  datasetId: string,
  split?: string,
): AsyncGenerator<Iterable<MemberRow>> {
  const stream = reserveStream(deps.db);
  if (stream) {
    try {
      yield* copyMemberBatches(stream.pool, datasetId, split);
    } finally {
      stream.release();
    }
    return;
  }
  const page = (after: number) =>
    queryRows<MemberRow & { position: number }>(
      deps.db,
      sql`SELECT m.position, m.split, t.id, t.created_at, t.payload FROM dataset_members m JOIN traces t ON t.id = m.trace_id
          WHERE m.dataset_id = ${datasetId} AND m.position > ${after} ${split ? sql`AND m.split = ${split}` : sql``}
          ORDER BY m.position LIMIT ${PAGE}`,
    );
  let next = page(-1);
  try {
    for (;;) {
      const rows = await next;
      // Ask for the next page before rendering this one, so the database and the renderer
      // overlap; memory stays at two pages.
      if (rows.length === PAGE) next = page(rows[rows.length - 1]!.position);
      if (rows.length) yield rows;
      if (rows.length < PAGE) return;
    }
  } finally {
    // A reader that stops early must not leave the prefetched page's failure unhandled.
    next.catch(() => {});
  }
}

/** A dataset's members in order, one at a time (see datasetMemberBatches). */
export async function* datasetMembers(
  deps: ServiceDeps,
  datasetId: string,
  split?: string,
): AsyncGenerator<MemberRow> {
  for await (const rows of datasetMemberBatches(deps, datasetId, split)) yield* rows;
}

/** NDJSON lines (each ending in "\n") of a dataset export, byte-compatible with the seed's. */
export async function exportDatasetLines(
  deps: ServiceDeps,
  key: string,
  q: ExportDatasetQuery,
): Promise<{ lines: AsyncGenerator<string>; traceCount: number }> {
  const row = await getDatasetRow(deps, key);
  const opts = { responseStyle: q.response_style, systemInstruction: q.system_instruction };
  async function* lines() {
    // Iterating batches here (not datasetMembers) saves one async-generator hop per line.
    for await (const rows of datasetMemberBatches(deps, row.id, q.split))
      for (const t of rows) yield exportLine(t, q.format, opts);
  }
  const traceCount = q.split ? Number(row.split_counts[q.split] ?? 0) : Number(row.trace_count);
  return { lines: lines(), traceCount };
}
