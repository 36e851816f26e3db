import {
  type ImportTracesResponse,
  type OnDuplicate,
  REJECTED_REPORT_MAX,
  ReasoningTrace,
  type RejectedLine,
} from "@tunix-rt/contracts";
import { zodFieldErrors } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { type EncodedTraceRow, insertEncodedTraceRows, traceRowEncoder } from "./insert-traces.js";
import { ndjsonLines } from "./ndjson-lines.js";
import { fastTraceRecord, toTraceRecord } from "./trace-record.js";

export interface ImportTracesOptions {
  onDuplicate: OnDuplicate;
  /** A line longer than this is rejected without being buffered (TRACE_MAX_BYTES). */
  maxLineBytes: number;
  /** Rows per INSERT; bounds memory together with maxLineBytes. */
  batchSize?: number;
  /** Called after each stored batch, for progress reporting. */
  onProgress?: (p: { received: number; created: number }) => void;
}

/**
 * Streams NDJSON traces into the store. Each line stands alone: valid lines are stored in
 * batches as the upload arrives (reading pauses while a second batch waits to be written, so
 * memory stays flat), invalid lines are reported with their number and reason and never cost
 * the others.
 */
export async function importTraces(
  deps: ServiceDeps,
  body: AsyncIterable<Uint8Array>,
  opts: ImportTracesOptions,
): Promise<ImportTracesResponse> {
  const batchSize = opts.batchSize ?? 1000;
  const rejected: RejectedLine[] = [];
  let received = 0;
  let created = 0;
  let skipped = 0;
  let rejectedCount = 0;
  const writeOpts = { skipDuplicates: opts.onDuplicate === "skip" };
  // Rows wait for their write already encoded, so the parsed traces die young.
  const encode = traceRowEncoder(deps, writeOpts);
  let batch: EncodedTraceRow[] = [];
  const reject = (r: RejectedLine) => {
    rejectedCount++;
    if (rejected.length < REJECTED_REPORT_MAX) rejected.push(r);
  };
  // One batch is written while the next is parsed (CPU and database overlap); a second full
  // batch waits for the first to commit, so memory stays at two batches and commits stay in order.
  let writing: Promise<void> | undefined;
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    const receivedSoFar = received;
    batch = [];
    if (writing) await writing;
    writing = insertEncodedTraceRows(deps, rows, writeOpts).then((inserted) => {
      created += inserted.size;
      skipped += rows.length - inserted.size;
      opts.onProgress?.({ received: receivedSoFar, created });
    });
    writing.catch(() => {}); // observed by the next await; never an unhandled rejection meanwhile
  };

  try {
    for await (const l of ndjsonLines(body, opts.maxLineBytes)) {
      received++;
      if (l.tooLong) {
        reject({
          line: l.line,
          errors: [{ field: "(line)", message: `line exceeds ${opts.maxLineBytes} bytes` }],
        });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(l.text);
      } catch (err) {
        reject({
          line: l.line,
          errors: [{ field: "(line)", message: `malformed JSON: ${(err as Error).message}` }],
        });
        continue;
      }
      // Ordinary traces skip the schema; anything unusual gets the schema and its error messages.
      let record = fastTraceRecord(value);
      if (!record) {
        const parsed = ReasoningTrace.safeParse(value);
        if (!parsed.success) {
          reject({ line: l.line, errors: zodFieldErrors(parsed.error.issues) });
          continue;
        }
        record = toTraceRecord(parsed.data);
      }
      batch.push(encode(record));
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await writing;
  } catch (err) {
    // No write is left running once this throws; the first failure is the one reported.
    await writing?.catch(() => {});
    throw err;
  }
  return {
    received_count: received,
    created_count: created,
    skipped_count: skipped,
    rejected_count: rejectedCount,
    rejected,
    rejected_truncated: rejectedCount > rejected.length,
  };
}
