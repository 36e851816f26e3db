import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Database, queryRows, sql } from "@tunix-rt/db";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { storedPayloadJson, type TraceRecord } from "./trace-record.js";

/**
 * A trace already encoded for its write: a COPY text line, or a JSON object for the INSERT.
 * A batch waiting to be written holds these strings only, not the parsed traces, so little of
 * it outlives the young generation (less garbage-collection work and a flatter heap).
 */
export interface EncodedTraceRow {
  id: string;
  contentHash: string;
  format: "copy" | "json";
  text: string;
}

/**
 * Inserts many traces in one statement, committed on its own. On a Postgres server (and outside a
 * transaction) it is a `COPY … FROM STDIN`, the fastest way in; otherwise the rows travel as one
 * JSON parameter that Postgres unpacks, one round trip per batch on both PGlite and a server.
 * With `skipDuplicates` a row whose content hash is already stored (or repeated earlier in the
 * batch) is left out. Returns the ids actually inserted.
 */
export async function insertTraceRecords(
  deps: ServiceDeps,
  records: TraceRecord[],
  opts: { skipDuplicates?: boolean } = {},
): Promise<Set<string>> {
  // COPY costs an extra round trip, which a handful of rows does not earn back.
  const encode = records.length >= COPY_MIN_ROWS ? traceRowEncoder(deps, opts) : jsonRow;
  return insertEncodedTraceRows(deps, records.map(encode), opts);
}

const COPY_MIN_ROWS = 8;

/** The encoder whose rows `insertEncodedTraceRows(deps, rows, opts)` writes. */
export function traceRowEncoder(
  deps: ServiceDeps,
  opts: { skipDuplicates?: boolean } = {},
): (r: TraceRecord) => EncodedTraceRow {
  return copyPool(deps, opts) ? copyRow : jsonRow;
}

/**
 * `insertTraceRecords` for rows from `traceRowEncoder` (or a few JSON rows) with the same deps
 * and options; the rows' format decides between COPY and INSERT.
 */
export async function insertEncodedTraceRows(
  deps: ServiceDeps,
  encoded: EncodedTraceRow[],
  opts: { skipDuplicates?: boolean } = {},
): Promise<Set<string>> {
  if (encoded.length === 0) return new Set();
  let rows = encoded;
  if (opts.skipDuplicates) {
    const seen = new Set<string>();
    rows = encoded.filter((r) => !seen.has(r.contentHash) && seen.add(r.contentHash));
  }
  const format = rows[0]!.format;
  const pool = format === "copy" ? copyPool(deps, opts) : undefined;
  if ((format === "copy" && !pool) || rows.some((r) => r.format !== format)) {
    throw new Error("insertEncodedTraceRows: rows were encoded for another database or options");
  }
  if (pool) {
    await timedWrite(deps, "create_traces", () => copyRows(pool, rows));
    return new Set(rows.map((r) => r.id));
  }
  const json = `[${rows.map((r) => r.text).join(",")}]`;
  const insert = sql`
      INSERT INTO traces (id, created_at, trace_version, payload, source, step_count, content_hash)
      SELECT x.id, x.created_at, x.trace_version, x.payload, x.source, x.step_count, x.content_hash
      FROM json_to_recordset(${json}::json) AS x(
        id uuid, created_at timestamptz, trace_version varchar(64), payload json,
        source text, step_count int, content_hash varchar(64))
      ${opts.skipDuplicates ? sql`WHERE NOT EXISTS (SELECT 1 FROM traces t WHERE t.content_hash = x.content_hash)` : sql``}
      RETURNING id`;
  const result = await timedWrite(deps, "create_traces", () =>
    opts.skipDuplicates
      ? // Two skip-duplicates inserts running at once would each see the other's rows as absent
        // (content_hash has no unique index: on_duplicate=store keeps copies) and both store them.
        // They take turns instead, under a transaction-scoped advisory lock taken before the
        // INSERT's snapshot; plain inserts never wait for it.
        deps.db.transaction(async (tx) => {
          await tx.execute(sql`SELECT pg_advisory_xact_lock(${DEDUPE_LOCK_KEY})`);
          return queryRows<{ id: string }>(tx, insert);
        })
      : queryRows<{ id: string }>(deps.db, insert),
  );
  return new Set(result.map((r) => r.id));
}

/** Advisory lock key of skip-duplicates inserts (the migrations use another). */
const DEDUPE_LOCK_KEY = 7_218_604_113;

// The payload column is json (kept as written), so this text is exactly what is stored.
const payloadJson = (r: TraceRecord) => r.payloadJson ?? storedPayloadJson(r.payload);

const jsonRow = (r: TraceRecord): EncodedTraceRow => ({
  id: r.id,
  contentHash: r.contentHash,
  format: "json",
  text: `{"id":"${r.id}","created_at":"${r.createdAt}","trace_version":${JSON.stringify(r.traceVersion)},"payload":${payloadJson(r)},"source":${JSON.stringify(r.source)},"step_count":${r.stepCount},"content_hash":"${r.contentHash}"}`,
});

/**
 * The pg pool to COPY through: a Postgres server (drizzle's documented `$client`), storing every
 * row. A transaction object has no `$client`, so writes inside one keep using it; and
 * skip-duplicates needs the INSERT's NOT EXISTS, so it keeps the INSERT.
 */
function copyPool(deps: ServiceDeps, opts: { skipDuplicates?: boolean }): pg.Pool | undefined {
  if (opts.skipDuplicates) return undefined;
  const client = (deps.db as Database & { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : undefined;
}

// COPY text format: backslash, and the row and column separators, are escaped.
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const copyText = (s: string) =>
  COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
// Canonical JSON text never holds a raw tab or line break (JSON escapes them), only backslashes.
const copyJson = (s: string) => (s.includes("\\") ? s.replaceAll("\\", "\\\\") : s);

const copyRow = (r: TraceRecord): EncodedTraceRow => ({
  id: r.id,
  contentHash: r.contentHash,
  format: "copy",
  text: `${r.id}\t${r.createdAt}\t${copyText(r.traceVersion)}\t${copyJson(payloadJson(r))}\t${r.source === null ? "\\N" : copyText(r.source)}\t${r.stepCount}\t${r.contentHash}\n`,
});

const COPY_SQL =
  "COPY traces (id, created_at, trace_version, payload, source, step_count, content_hash) FROM STDIN";

/** The rows as COPY data in ~64 KB pieces: small enough to stay in V8's young generation. */
function* copyChunks(rows: EncodedTraceRow[]): Generator<Buffer> {
  let parts: string[] = [];
  let size = 0;
  for (const r of rows) {
    parts.push(r.text);
    size += r.text.length;
    if (size >= 64 * 1024) {
      yield Buffer.from(parts.join(""));
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield Buffer.from(parts.join(""));
}

async function copyRows(pool: pg.Pool, rows: EncodedTraceRow[]): Promise<void> {
  const client = await pool.connect();
  let failed: unknown;
  try {
    await pipeline(Readable.from(copyChunks(rows)), client.query(copyFrom(COPY_SQL)));
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    // A connection that failed mid-COPY is not reused.
    client.release(failed instanceof Error ? failed : undefined);
  }
}
