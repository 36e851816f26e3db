// Server memory during a very large NDJSON upload: 1,000,000 lines streamed to a server in its own
// process, whose resident set size (VmRSS from /proc) is sampled every 50 ms.
//   npx tsx bench/import-rss.bench.ts [--lines=1000000] [--targets=postgres,pglite]
// stdout: one JSON object per target, then a summary. Target: growth (peak − baseline) < 100 MB.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@tunix-rt/client";
import { startPostgres } from "./lib/postgres.js";
import { emit, intArg, listArg, machine, note, round } from "./lib/report.js";
import { readRss, startServerProcess } from "./lib/server-process.js";
import { toReadableStream } from "./lib/synthetic-traces.js";

const LINES = intArg("lines", "BENCH_LINES", 1_000_000);
const targets = listArg("targets", ["postgres", "pglite"]);
const TARGET_GROWTH_MB = 100;
const MB = 2 ** 20;

/** One small trace repeated with varying text (≈190 bytes a line), built lazily in 64 KB chunks. */
async function* smallTraces(count: number, start = 0) {
  let buf = "";
  for (let n = start; n < start + count; n++) {
    buf += `{"trace_version":"1.0","prompt":"What is ${n} + ${n}?","final_answer":"${2 * n}","steps":[{"i":0,"type":"compute","content":"${n} + ${n} = ${2 * n}"},{"i":1,"type":"check","content":"${2 * n} - ${n} = ${n}"}],"meta":{"source":"rss-bench"}}\n`;
    if (buf.length >= 64 * 1024) {
      yield Buffer.from(buf);
      buf = "";
    }
  }
  if (buf) yield Buffer.from(buf);
}

async function measure(name: string, flags: Record<string, unknown>) {
  process.env.BENCH_MEMLOG_MS ??= "100";
  const server = await startServerProcess(flags);
  try {
    const client = createClient({ baseUrl: server.url });
    // Warm-up so lazily built state (routes, schema, pool, caches) counts in the baseline.
    await client.traces.importNdjson(toReadableStream(smallTraces(2000, 50_000_000)));
    await new Promise((r) => setTimeout(r, 500));
    const baseline = readRss(server.pid).rss;
    server.memory.length = 0;
    let peak = baseline;
    const samples: number[] = [];
    const sampler = setInterval(() => {
      const { rss } = readRss(server.pid);
      peak = Math.max(peak, rss);
      samples.push(rss);
    }, 50);
    const load1 = loadavg()[0]!;
    const start = performance.now();
    const res = await client.traces.importNdjson(toReadableStream(smallTraces(LINES)));
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    if (res.created_count !== LINES) throw new Error(`stored ${res.created_count}/${LINES}`);
    const after = readRss(server.pid).rss;
    // RSS in the last tenth of the upload vs the second tenth: flat memory means no upward drift.
    const tenth = Math.max(1, Math.floor(samples.length / 10));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const result = {
      name,
      lines: LINES,
      seconds: round(seconds, 2),
      lines_per_s: Math.round(LINES / seconds),
      baseline_rss_mb: round(baseline / MB, 1),
      peak_rss_mb: round(peak / MB, 1),
      growth_mb: round((peak - baseline) / MB, 1),
      rss_after_mb: round(after / MB, 1),
      drift_mb: round((avg(samples.slice(-tenth)) - avg(samples.slice(tenth, 2 * tenth))) / MB, 1),
      samples: samples.length,
      // From the server's own process.memoryUsage(): where the peak lives (V8 heap vs buffers).
      peak_heap_total_mb: round(Math.max(0, ...server.memory.map((m) => m.heapTotal)) / MB, 1),
      peak_heap_used_mb: round(Math.max(0, ...server.memory.map((m) => m.heapUsed)) / MB, 1),
      peak_external_mb: round(Math.max(0, ...server.memory.map((m) => m.external)) / MB, 1),
      loadavg_1m_before: round(load1, 2),
      target_growth_mb: TARGET_GROWTH_MB,
      meets: peak - baseline < TARGET_GROWTH_MB * MB,
    };
    emit(result);
    return result;
  } finally {
    await server.stop();
  }
}

const results: Awaited<ReturnType<typeof measure>>[] = [];
if (targets.includes("postgres")) {
  const pg = await startPostgres();
  try {
    note(`postgres: uploading ${LINES} lines`);
    results.push(await measure("postgres_server_rss", { databaseUrl: pg.url }));
  } finally {
    pg.stop();
  }
}
if (targets.includes("pglite")) {
  const dataDir = mkdtempSync(join(tmpdir(), "tunix-rt-bench-rss-"));
  try {
    note(`pglite: uploading ${LINES} lines (data folder ${dataDir})`);
    results.push(await measure("pglite_server_rss", { dataDir }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
emit({
  name: "summary",
  bench: "import-rss",
  lines: LINES,
  machine: machine(),
  results: results.map((r) => ({ name: r.name, growth_mb: r.growth_mb, meets: r.meets })),
  target_growth_mb: TARGET_GROWTH_MB,
});
