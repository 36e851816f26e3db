// Micro bench: CPU cost per trace of each stage of the NDJSON import in this process, without
// HTTP or a database (the write is a no-op), with the time spent in garbage collection.
//   npx tsx bench/import-pipeline.bench.ts [--traces=100000]
import { constants, PerformanceObserver } from "node:perf_hooks";
import { ReasoningTrace } from "@tunix-rt/contracts";
import type { Database } from "@tunix-rt/db";
import { importTraces } from "../packages/services/src/traces/import-traces.js";
import { ndjsonLines } from "../packages/services/src/traces/ndjson-lines.js";
import { fastTraceRecord, toTraceRecord } from "../packages/services/src/traces/trace-record.js";
import { emit, intArg, machine, round } from "./lib/report.js";
import { ndjsonChunks } from "./lib/synthetic-traces.js";

const TRACES = intArg("traces", "BENCH_TRACES", 100_000);
const MAX = 1 << 20;

// The same bytes for every stage, generated once (≈160 MB for 100,000 traces).
const chunks: Buffer[] = [];
for await (const c of ndjsonChunks(TRACES, { chunkBytes: 64 * 1024 })) chunks.push(c);
async function* body() {
  for (const c of chunks) yield c;
}

let gcMs = 0;
let minorGcs = 0; // young-generation collections: a proxy for how much each stage allocates
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minorGcs++;
  }
}).observe({ entryTypes: ["gc"] });

async function stage(name: string, run: () => Promise<unknown>) {
  for (let round_ = 0; round_ < 2; round_++) {
    (globalThis as { gc?: () => void }).gc?.();
    gcMs = 0;
    minorGcs = 0;
    const t0 = process.cpuUsage();
    await run();
    const d = process.cpuUsage(t0);
    await new Promise((r) => setImmediate(r)); // let the gc observer report
    if (round_ === 1) {
      const us = (d.user + d.system) / TRACES;
      emit({
        name,
        traces: TRACES,
        cpu_us_per_trace: round(us, 2),
        gc_us_per_trace: round((gcMs * 1000) / TRACES, 2),
        minor_gcs_per_1000_traces: round((minorGcs * 1000) / TRACES, 2),
      });
    }
  }
}

await stage("split_lines", async () => {
  for await (const _ of ndjsonLines(body(), MAX));
});
await stage("split_parse", async () => {
  for await (const l of ndjsonLines(body(), MAX)) if (!l.tooLong) JSON.parse(l.text);
});
await stage("split_parse_fast_record", async () => {
  for await (const l of ndjsonLines(body(), MAX)) if (!l.tooLong) fastTraceRecord(JSON.parse(l.text));
});
await stage("split_parse_schema_record", async () => {
  for await (const l of ndjsonLines(body(), MAX)) {
    if (l.tooLong) continue;
    const p = ReasoningTrace.safeParse(JSON.parse(l.text));
    if (p.success) toTraceRecord(p.data);
  }
});
// A database that accepts every statement and stores nothing: isolates importTraces' own cost.
const noDb = { execute: async () => ({ rows: [] }) } as unknown as Database;
await stage("import_traces_no_db", () =>
  importTraces({ db: noDb }, body(), { onDuplicate: "store", maxLineBytes: MAX }),
);
emit({ name: "summary", bench: "import-pipeline", traces: TRACES, machine: machine() });
