import { queryRows, sql } from "@tunix-rt/db";
import { type ServiceDeps, timedWrite } from "../deps.js";
import type { TraceRecord } from "./trace-record.js";

/**
 * Inserts many traces in one statement: the rows travel as a single JSON parameter and Postgres
 * unpacks them, which is one round trip per batch on both PGlite and a server. With `skipDuplicates`
 * a row whose content hash is already stored (or repeated earlier in the batch) is left out.
 * Returns the ids actually inserted.
 */
export async function insertTraceRecords(
  deps: ServiceDeps,
  records: TraceRecord[],
  opts: { skipDuplicates?: boolean } = {},
): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  let rows = records;
  if (opts.skipDuplicates) {
    const seen = new Set<string>();
    rows = records.filter((r) => !seen.has(r.contentHash) && seen.add(r.contentHash));
  }
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      created_at: r.createdAt,
      trace_version: r.traceVersion,
      payload: r.payload,
      source: r.source,
      step_count: r.stepCount,
      content_hash: r.contentHash,
    })),
  );
  const dedupe = opts.skipDuplicates
    ? sql`WHERE NOT EXISTS (SELECT 1 FROM traces t WHERE t.content_hash = x.content_hash)`
    : sql``;
  const result = await timedWrite(deps, "create_traces", () =>
    queryRows<{ id: string }>(deps.db, sql`
      INSERT INTO traces (id, created_at, trace_version, payload, source, step_count, content_hash)
      SELECT x.id, x.created_at, x.trace_version, x.payload, x.source, x.step_count, x.content_hash
      FROM jsonb_to_recordset(${json}::jsonb) AS x(
        id uuid, created_at timestamptz, trace_version varchar(64), payload jsonb,
        source text, step_count int, content_hash varchar(64))
      ${dedupe}
      RETURNING id`),
  );
  return new Set(result.map((r) => r.id));
}
