import type { ExportDatasetQuery, ReasoningTrace } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { exportRecord, type StoredTrace } from "../render/export-records.js";
import { pyJsonDumps } from "../render/python-json.js";
import { getDatasetRow } from "./get-dataset.js";

const PAGE = 2000;

interface MemberRow {
  position: number;
  split: string;
  id: string;
  created_at: string;
  payload: ReasoningTrace;
}

/**
 * A dataset's members in order, one page at a time (keyset on position). Pages instead of one
 * long-lived cursor keep the single embedded connection free between pages, and memory stays
 * at one page whatever the dataset's size.
 */
export async function* datasetMembers(
  deps: ServiceDeps,
  datasetId: string,
  split?: string,
): AsyncGenerator<StoredTrace & { split: string }> {
  const page = (after: number) =>
    queryRows<MemberRow>(
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
      for (const r of rows) yield r;
      if (rows.length < PAGE) return;
    }
  } finally {
    // A reader that stops early must not leave the prefetched page's failure unhandled.
    next.catch(() => {});
  }
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
    for await (const t of datasetMembers(deps, row.id, q.split))
      yield `${pyJsonDumps(exportRecord(t, q.format, opts))}\n`;
  }
  const traceCount = q.split ? Number(row.split_counts[q.split] ?? 0) : Number(row.trace_count);
  return { lines: lines(), traceCount };
}
