// NDJSON import over HTTP into embedded PGlite (on disk) and into a Postgres server, with a raw
// COPY of the same rows into the same Postgres as the physical baseline, all in one run.
//   npx tsx bench/import-traces.bench.ts [--traces=100000] [--targets=postgres,pglite] [--runs=1]
// stdout: one JSON object per measurement, then a summary object. stderr: progress notes.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@tunix-rt/client";
import { copyTraces, sqlOnce, writeCopyFile } from "./lib/copy-baseline.js";
import { postmasterPid, startPostgres } from "./lib/postgres.js";
import { emit, intArg, listArg, machine, note, round } from "./lib/report.js";
import { readCpuSeconds, readRss, readTreeCpuSeconds, startServerProcess } from "./lib/server-process.js";
import { ndjsonChunks, syntheticTrace, toReadableStream } from "./lib/synthetic-traces.js";

const TRACES = intArg("traces", "BENCH_TRACES", 100_000);
const RUNS = intArg("runs", "BENCH_RUNS", 1);
const STEPS = 5;
const targets = listArg("targets", ["postgres", "pglite"]);
// Also time on_duplicate=skip (the INSERT … WHERE NOT EXISTS path) on Postgres: --skip-mode
const SKIP_MODE = process.argv.includes("--skip-mode");
const TARGETS = { postgres_traces_per_s: 20_000, ratio_vs_copy: 0.5, pglite_traces_per_s: 5_000 };

interface Measurement {
  name: string;
  traces: number;
  seconds: number;
  traces_per_s: number;
  ratio_vs_copy: number | null;
  [k: string]: unknown;
}
const results: Measurement[] = [];

function record(
  m: { name: string; traces: number; seconds: number; [k: string]: unknown },
  copyRate: number | null,
) {
  const rate = m.traces / m.seconds;
  const out: Measurement = {
    ...m,
    seconds: round(m.seconds),
    traces_per_s: Math.round(rate),
    ratio_vs_copy: copyRate ? round(rate / copyRate) : null,
  };
  results.push(out);
  emit(out);
  return out;
}

/**
 * POSTs `count` traces as one streaming NDJSON body. Returns wall seconds and the CPU seconds
 * each party spent (server process, Postgres and its backends, this load generator): on a
 * shared machine the wall time moves with other load, the CPU cost per trace much less.
 */
async function importOverHttp(
  flags: Record<string, unknown>,
  count: number,
  dbPid?: number,
  onDuplicate: "store" | "skip" = "store",
) {
  const server = await startServerProcess(flags);
  try {
    const client = createClient({ baseUrl: server.url });
    // Warm-up: first request compiles routes and schema paths; not timed.
    await client.traces.importNdjson(
      toReadableStream(ndjsonChunks(100, { start: 10_000_000, steps: STEPS })),
    );
    const load1 = loadavg()[0]!;
    const cpu0 = readCpuSeconds(server.pid);
    const db0 = dbPid ? readTreeCpuSeconds(dbPid) : 0;
    const me0 = process.cpuUsage();
    const rss0 = readRss(server.pid).rss;
    let peak = rss0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, readRss(server.pid).rss);
    }, 50);
    const start = performance.now();
    const res = await client.traces.importNdjson(toReadableStream(ndjsonChunks(count, { steps: STEPS })), {
      onDuplicate,
    });
    const seconds = (performance.now() - start) / 1000;
    const me = process.cpuUsage(me0);
    const cpu = {
      server_cpu_s: round(readCpuSeconds(server.pid) - cpu0, 2),
      db_cpu_s: dbPid ? round(readTreeCpuSeconds(dbPid) - db0, 2) : null,
      client_cpu_s: round((me.user + me.system) / 1e6, 2),
      loadavg_1m_before: round(load1, 2),
    };
    clearInterval(sampler);
    if (res.created_count !== count || res.rejected_count !== 0)
      throw new Error(`import stored ${res.created_count}/${count}, rejected ${res.rejected_count}`);
    const jsonBatch = await timeJsonBatch(server.url);
    return {
      seconds,
      ...cpu,
      server_rss_mb: round(rss0 / 2 ** 20, 1),
      server_peak_rss_mb: round(peak / 2 ** 20, 1),
      jsonBatch,
    };
  } finally {
    await server.stop();
  }
}

/** The seed's measurement: 1,000 traces as one JSON-array POST (seed: 1.2 s). */
async function timeJsonBatch(url: string) {
  const traces = Array.from({ length: 1000 }, (_, i) => syntheticTrace(20_000_000 + i, STEPS));
  const client = createClient({ baseUrl: url });
  const start = performance.now();
  const res = await client.traces.createBatch(traces);
  if (res.created_count !== 1000) throw new Error("JSON batch did not store 1000 traces");
  return (performance.now() - start) / 1000;
}

const pick = (h: Record<string, unknown>) => {
  const { jsonBatch: _j, seconds: _s, ...rest } = h;
  return rest;
};

async function main() {
  note(`import bench: ${TRACES} traces × ${RUNS} run(s), targets ${targets.join(",")}`);
  let copyRate: number | null = null;
  const tmp = mkdtempSync(join(tmpdir(), "tunix-rt-bench-copy-"));
  const copyFile = join(tmp, "traces.copy");
  const pg = targets.includes("postgres") ? await startPostgres() : null;
  try {
    if (pg) {
      // A fresh database, migrated by the first server start; COPY goes into the same table.
      await sqlOnce(pg.url, "CREATE DATABASE bench");
      note("writing the COPY baseline rows to a temporary file");
      await writeCopyFile(copyFile, TRACES, STEPS);
      const url = pg.url.replace(/\/postgres$/, "/bench");
      const dbPid = postmasterPid(pg);
      const fresh = async () => {
        await sqlOnce(url, "TRUNCATE traces CASCADE");
        await sqlOnce(url, "CHECKPOINT");
      };
      for (let run = 1; run <= RUNS; run++) {
        note(`postgres run ${run}: HTTP import`);
        const http = await importOverHttp({ databaseUrl: url }, TRACES, dbPid);
        await fresh();
        note(`postgres run ${run}: COPY baseline`);
        const db0 = readTreeCpuSeconds(dbPid);
        const copySeconds = await copyTraces(url, copyFile);
        const copyDbCpu = round(readTreeCpuSeconds(dbPid) - db0, 2);
        const [{ n }] = (await sqlOnce(url, "SELECT count(*)::int AS n FROM traces")) as [{ n: number }];
        if (n !== TRACES) throw new Error(`COPY stored ${n}/${TRACES}`);
        copyRate = TRACES / copySeconds;
        record(
          { name: "postgres_raw_copy", traces: TRACES, seconds: copySeconds, run, db_cpu_s: copyDbCpu },
          copyRate,
        );
        record(
          { name: "postgres_http_ndjson_import", traces: TRACES, seconds: http.seconds, run, ...pick(http) },
          copyRate,
        );
        record(
          { name: "postgres_http_json_batch_1000", traces: 1000, seconds: http.jsonBatch, run },
          copyRate,
        );
        await fresh();
        if (SKIP_MODE) {
          note(`postgres run ${run}: HTTP import with on_duplicate=skip`);
          const skip = await importOverHttp({ databaseUrl: url }, TRACES, dbPid, "skip");
          record(
            {
              name: "postgres_http_ndjson_import_skip_duplicates",
              traces: TRACES,
              seconds: skip.seconds,
              run,
              ...pick(skip),
            },
            copyRate,
          );
          await fresh();
        }
      }
    }
    if (targets.includes("pglite")) {
      for (let run = 1; run <= RUNS; run++) {
        const dataDir = mkdtempSync(join(tmpdir(), "tunix-rt-bench-"));
        try {
          note(`pglite run ${run}: HTTP import (data folder ${dataDir})`);
          const http = await importOverHttp({ dataDir }, TRACES);
          record(
            { name: "pglite_http_ndjson_import", traces: TRACES, seconds: http.seconds, run, ...pick(http) },
            copyRate,
          );
          record(
            { name: "pglite_http_json_batch_1000", traces: 1000, seconds: http.jsonBatch, run },
            copyRate,
          );
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    pg?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  const best = (name: string) => {
    const rs = results.filter((r) => r.name === name);
    return rs.length ? rs.reduce((a, b) => (a.traces_per_s >= b.traces_per_s ? a : b)) : null;
  };
  const pgImport = best("postgres_http_ndjson_import");
  const copy = best("postgres_raw_copy");
  const lite = best("pglite_http_ndjson_import");
  const pgImportMedian = median(
    results.filter((r) => r.name === "postgres_http_ndjson_import").map((r) => r.traces_per_s),
  );
  const copyMedian = median(results.filter((r) => r.name === "postgres_raw_copy").map((r) => r.traces_per_s));
  const liteMedian = median(
    results.filter((r) => r.name === "pglite_http_ndjson_import").map((r) => r.traces_per_s),
  );
  emit({
    name: "summary",
    bench: "import-traces",
    traces: TRACES,
    runs: RUNS,
    machine: machine(),
    postgres_import_traces_per_s: pgImportMedian,
    raw_copy_traces_per_s: copyMedian,
    ratio_vs_copy: pgImportMedian && copyMedian ? round(pgImportMedian / copyMedian) : null,
    pglite_import_traces_per_s: liteMedian,
    targets: TARGETS,
    meets: {
      postgres_traces_per_s: pgImportMedian === null ? null : pgImportMedian >= TARGETS.postgres_traces_per_s,
      ratio_vs_copy:
        pgImportMedian && copyMedian ? pgImportMedian / copyMedian >= TARGETS.ratio_vs_copy : null,
      pglite_traces_per_s: liteMedian === null ? null : liteMedian >= TARGETS.pglite_traces_per_s,
    },
    best: {
      postgres_import: pgImport?.traces_per_s ?? null,
      raw_copy: copy?.traces_per_s ?? null,
      pglite_import: lite?.traces_per_s ?? null,
    },
  });
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

await main();
