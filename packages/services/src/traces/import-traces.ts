import {
  type ImportTracesResponse,
  type OnDuplicate,
  REJECTED_REPORT_MAX,
  ReasoningTrace,
  type RejectedLine,
} from "@tunix-rt/contracts";
import { zodFieldErrors } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { insertTraceRecords } from "./insert-traces.js";
import { ndjsonLines } from "./ndjson-lines.js";
import { type TraceRecord, toTraceRecord } from "./trace-record.js";

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
 * batches as the upload arrives (reading pauses while a batch is written, so memory stays flat),
 * invalid lines are reported with their number and reason and never cost the others.
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
  let batch: TraceRecord[] = [];
  const reject = (r: RejectedLine) => {
    rejectedCount++;
    if (rejected.length < REJECTED_REPORT_MAX) rejected.push(r);
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const inserted = await insertTraceRecords(deps, batch, { skipDuplicates: opts.onDuplicate === "skip" });
    created += inserted.size;
    skipped += batch.length - inserted.size;
    batch = [];
    opts.onProgress?.({ received, created });
  };

  for await (const l of ndjsonLines(body, opts.maxLineBytes)) {
    received++;
    if (l.tooLong) {
      reject({ line: l.line, errors: [{ field: "(line)", message: `line exceeds ${opts.maxLineBytes} bytes` }] });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch (err) {
      reject({ line: l.line, errors: [{ field: "(line)", message: `malformed JSON: ${(err as Error).message}` }] });
      continue;
    }
    const parsed = ReasoningTrace.safeParse(value);
    if (!parsed.success) {
      reject({ line: l.line, errors: zodFieldErrors(parsed.error.issues) });
      continue;
    }
    batch.push(toTraceRecord(parsed.data));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return {
    received_count: received,
    created_count: created,
    skipped_count: skipped,
    rejected_count: rejectedCount,
    rejected,
    rejected_truncated: rejectedCount > rejected.length,
  };
}
