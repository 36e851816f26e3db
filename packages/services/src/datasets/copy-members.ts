import { isAscii } from "node:buffer";
import type { ReasoningTrace } from "@tunix-rt/contracts";
import type { Database } from "@tunix-rt/db";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

/** One dataset member as the export reads it; `created_at` is Postgres's text, as drizzle gives it. */
export interface MemberRow {
  split: string;
  id: string;
  created_at: string;
  payload: ReasoningTrace;
  /** Every string in the payload is printable ASCII without `"` or `\\` (see parseRow). */
  plain?: boolean;
}

/**
 * The pg pool behind a Postgres server database (drizzle's documented `$client`), or undefined on
 * PGlite and inside a transaction (neither has a pool to take a second connection from).
 */
function poolOf(db: Database): pg.Pool | undefined {
  const client = (db as Database & { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : undefined;
}

// How many pool connections streams hold now, per pool. A stream keeps its connection for as long
// as the client takes to download, so at most half the pool streams; the rest of the API keeps
// the other half, and an export beyond the cap falls back to pages (no connection held between).
const holding = new WeakMap<pg.Pool, number>();
const cap = (pool: pg.Pool) => Math.max(1, Math.floor((pool.options.max ?? 10) / 2));

/**
 * The pool to stream a dataset through, reserved for one stream, or undefined (PGlite, a
 * transaction, or the cap reached): then read pages. Call the returned release exactly once.
 */
export function reserveStream(db: Database): { pool: pg.Pool; release(): void } | undefined {
  const pool = poolOf(db);
  if (!pool) return undefined;
  const n = holding.get(pool) ?? 0;
  if (n >= cap(pool)) return undefined;
  holding.set(pool, n + 1);
  let released = false;
  return {
    pool,
    release() {
      if (released) return;
      released = true;
      holding.set(pool, (holding.get(pool) ?? 1) - 1);
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A dataset's members in order, one batch per network chunk (a few rows), through one
 * `COPY (SELECT …) TO STDOUT`: a single query instead of a keyset page and join per 2,000 rows,
 * and text rows that we parse ourselves (JSON.parse of the payload, as `pg` does for a json
 * column, and one check that makes escaping unnecessary: see parseRow). A batch parses each row
 * only when the caller reaches it, so while the export waits on the client or the database it
 * holds raw bytes, not parsed traces that the garbage collector would promote to the old
 * generation. The socket is read only as fast as batches are taken, so memory stays at a chunk
 * or two whatever the dataset's size. A caller that stops early gets its connection closed.
 */
export async function* copyMemberBatches(
  pool: pg.Pool,
  datasetId: string,
  split?: string,
): AsyncGenerator<Iterable<MemberRow>> {
  if (!UUID.test(datasetId)) throw new Error(`not a dataset id: ${datasetId}`);
  const client = await pool.connect();
  let finished = false;
  let failure: Error | undefined;
  try {
    // A parallel plan (Gather Merge) and JIT pay off for a query read at full speed, not for one
    // read as fast as a client downloads: workers compete with this server for CPU, and JIT costs
    // its compile time up front. SET LOCAL keeps the pooled connection's own settings.
    await client.query("BEGIN READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off");
    // COPY takes no bind parameters: the id is checked above and the split is quoted by pg.
    const where = split ? ` AND m.split = ${client.escapeLiteral(split)}` : "";
    const stream = client.query(
      copyTo(
        `COPY (SELECT m.split, t.id, t.created_at, t.payload FROM dataset_members m JOIN traces t ON t.id = m.trace_id
          WHERE m.dataset_id = '${datasetId}'${where} ORDER BY m.position) TO STDOUT`,
      ),
    );
    // Once we stop reading, pg still reports the ended connection to this stream as an error;
    // without a listener that would be an uncaught exception.
    stream.on("error", () => {});
    // Rows are split on the bytes (a newline or tab byte never occurs inside a UTF-8 sequence,
    // and COPY escapes those in data), and each field decoded on its own: decoding whole chunks
    // into strings and splitting those cost twice as much. Only a row cut by a chunk boundary is
    // copied (its head joined to its tail), not the chunks.
    let rest: Buffer | undefined;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const last = chunk.lastIndexOf(10);
      if (last === -1) {
        rest = rest ? Buffer.concat([rest, chunk]) : Buffer.from(chunk);
        continue;
      }
      const first = chunk.indexOf(10);
      const head = rest ? Buffer.concat([rest, chunk.subarray(0, first + 1)]) : undefined;
      // Copied, so the chunk (shared with the socket's reads) is not kept alive by its last bytes.
      rest = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
      yield rowsOf(head, chunk, head ? first + 1 : 0);
    }
    if (rest) throw new Error("COPY output ended inside a row");
    await client.query("COMMIT");
    finished = true;
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    // Mid-COPY the connection cannot take another query: releasing it with an error makes the
    // pool drop it, and pg's end() destroys the socket of a client with a query still active.
    client.release(finished ? undefined : (failure ?? new Error("dataset stream stopped early")));
  }
}

/** The rows of `head` (one whole row, if any) and of the whole rows in `chunk` from `from`. */
function* rowsOf(head: Buffer | undefined, chunk: Buffer, from: number): Generator<MemberRow> {
  if (head) yield parseRow(head, 0, head.length - 1);
  for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
    yield parseRow(chunk, from, nl);
    from = nl + 1;
  }
}

// COPY's text format escapes backslash and these control characters; \N (NULL) cannot occur here.
const COPY_ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
const copyUnescape = (s: string) =>
  s.includes("\\") ? s.replace(/\\(.)/gs, (_, c: string) => COPY_ESCAPES[c] ?? c) : s;

/**
 * One COPY text row (split, id, created_at, payload; tab-separated) from buf[start, end). A
 * payload whose JSON text is ASCII with no backslash and no DEL is `plain`: a quote, control
 * character or non-ASCII character in any of its strings would appear as a backslash escape (JSON
 * escapes `"` and controls, COPY escapes JSON's own backslashes and line breaks) or as a byte
 * above 0x7e, so none needs escaping on output. Checking the bytes once is much cheaper than
 * testing every string the export writes.
 */
function parseRow(buf: Buffer, start: number, end: number): MemberRow {
  const t1 = buf.indexOf(9, start);
  const t2 = buf.indexOf(9, t1 + 1);
  const t3 = buf.indexOf(9, t2 + 1);
  if (t1 < 0 || t2 < 0 || t3 < 0 || t3 > end) throw new Error("malformed COPY row");
  const json = buf.subarray(t3 + 1, end);
  const plain = isAscii(json) && json.indexOf(92) === -1 && json.indexOf(127) === -1;
  return {
    split: copyUnescape(buf.toString("utf8", start, t1)),
    id: buf.toString("latin1", t1 + 1, t2),
    created_at: buf.toString("latin1", t2 + 1, t3),
    // ASCII decodes the same as latin1, which skips UTF-8 validation.
    payload: JSON.parse(
      plain ? json.toString("latin1") : copyUnescape(json.toString("utf8")),
    ) as ReasoningTrace,
    plain,
  };
}
