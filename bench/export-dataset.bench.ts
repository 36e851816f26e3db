// Export of a 1,000,000-trace dataset as tunix_sft from a Postgres server, over HTTP, against a raw
// `COPY (SELECT payload …) TO STDOUT` of the same rows in the same run; the server's peak RSS; and
// generation of 100,000 arithmetic traces. Usage: npx tsx bench/export-dataset.bench.ts [--traces=N]
import { readFileSync } from "node:fs";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { newId, traceContentHash } from "@tunix-rt/services";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { postmasterPid, startPostgres } from "./lib/postgres.js";
import { emit, intArg, note, round } from "./lib/report.js";
import { readRss, startServerProcess } from "./lib/server-process.js";
import { syntheticTrace } from "./lib/synthetic-traces.js";

const N = intArg("traces", "BENCH_TRACES", 1_000_000);
const GEN = intArg("generate", "BENCH_GENERATE", 100_000);
const esc = (s: string) =>
  /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!)
    : s;

async function* traceRows(count: number) {
  let buf = "";
  const createdAt = new Date().toISOString();
  for (let n = 0; n < count; n++) {
    const t = syntheticTrace(n, 5);
    const payload = {
      trace_version: t.trace_version,
      prompt: t.prompt,
      final_answer: t.final_answer,
      steps: t.steps,
      meta: t.meta,
    };
    buf += `${newId()}\t${createdAt}\t1.0\t${esc(JSON.stringify(payload))}\t${esc(t.meta.source)}\t5\t${traceContentHash(payload)}\n`;
    if (buf.length > 1 << 16) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

/** Loads N traces and a dataset holding all of them straight into the database (setup, not timed). */
async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await pipeline(
    Readable.from(traceRows(N)),
    client.query(
      copyFrom(
        "COPY traces (id, created_at, trace_version, payload, source, step_count, content_hash) FROM STDIN",
      ),
    ),
  );
  const id = newId();
  await client.query(
    `INSERT INTO datasets (id, dataset_key, dataset_name, dataset_version, request, trace_count, split_counts, stats, content_hash)
     VALUES ($1, 'bench-v1', 'bench', 'v1', '{}', $2, $3, '{}', 'x')`,
    [id, N, JSON.stringify({ train: N, val: 0, test: 0 })],
  );
  await client.query(
    `INSERT INTO dataset_members (dataset_id, position, trace_id, split)
     SELECT $1, (row_number() OVER (ORDER BY id))::int - 1, id, 'train' FROM traces`,
    [id],
  );
  await client.query("ANALYZE");
  await client.end();
  return id;
}

/**
 * CPU seconds (user + system) a process has used so far (Linux /proc). On a shared machine the
 * server's CPU per trace is steadier than its wall-clock rate, which other work on it moves.
 */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

async function countBytes(stream: NodeJS.ReadableStream | ReadableStream<Uint8Array>) {
  let bytes = 0;
  let lines = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { bytes, lines };
}

const pgServer = await startPostgres();
try {
  // The server applies the migrations; the rows go in behind its back (setup, not timed).
  const server = await startServerProcess({ databaseUrl: pgServer.url, worker: false });
  try {
    note(`seeding ${N} traces and a dataset of all of them`);
    const datasetId = await seed(pgServer.url);
    note("export over HTTP");
    const base = readRss(server.pid);
    let peak = base.rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, readRss(server.pid).rss);
    }, 50);
    const cpu0 = cpuSeconds(server.pid);
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/datasets/bench-v1/export.jsonl?format=tunix_sft`);
    const got = await countBytes(res.body!);
    const httpSeconds = (performance.now() - t0) / 1000;
    const serverCpu = cpuSeconds(server.pid) - cpu0;
    clearInterval(sampler);
    const ours = {
      name: "export_tunix_sft_http",
      traces: got.lines,
      seconds: round(httpSeconds),
      traces_per_s: Math.round(got.lines / httpSeconds),
      mb: round(got.bytes / 1e6, 1),
      server_rss_base_mb: round(base.rss / 1e6, 1),
      server_rss_peak_mb: round(peak / 1e6, 1),
      server_cpu_s: round(serverCpu),
      server_cpu_us_per_trace: round((serverCpu * 1e6) / got.lines, 1),
    };

    note("raw COPY TO STDOUT of the same rows");
    const client = new pg.Client({ connectionString: pgServer.url });
    await client.connect();
    const t1 = performance.now();
    const copied = { bytes: 0, lines: 0 };
    await pipeline(
      client.query(
        copyTo(
          `COPY (SELECT t.payload FROM dataset_members m JOIN traces t ON t.id = m.trace_id WHERE m.dataset_id = '${datasetId}' ORDER BY m.position) TO STDOUT`,
        ),
      ),
      new Writable({
        write(chunk: Buffer, _e, cb) {
          copied.bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) copied.lines++;
          cb();
        },
      }),
    );
    const copySeconds = (performance.now() - t1) / 1000;
    await client.end();
    const copyRate = Math.round(copied.lines / copySeconds);
    emit({
      ...ours,
      ratio_vs_copy: round(ours.traces_per_s / copyRate, 3),
      target_traces_per_s: 50_000,
      target_ratio: 0.5,
      target_rss_mb: 200,
    });
    emit({
      name: "copy_to_stdout_baseline",
      traces: copied.lines,
      seconds: round(copySeconds),
      traces_per_s: copyRate,
      mb: round(copied.bytes / 1e6, 1),
    });

    note(`generating ${GEN} arithmetic traces through the API (Postgres)`);
    const t2 = performance.now();
    let made = 0;
    for (let start = 0; start < GEN; start += 100_000) {
      const count = Math.min(100_000, GEN - start);
      const r = await fetch(`${server.url}/api/generators/arithmetic/generate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ count, seed: 1, start_index: start }),
      });
      made += ((await r.json()) as { created_count: number }).created_count;
    }
    const genSeconds = (performance.now() - t2) / 1000;
    emit({
      name: "generate_arithmetic_postgres",
      traces: made,
      seconds: round(genSeconds),
      traces_per_s: Math.round(made / genSeconds),
    });
    void postmasterPid;
  } finally {
    await server.stop();
  }
  note("generation on embedded PGlite");
  const embedded = await startServerProcess({ databaseUrl: "memory://", worker: false });
  try {
    const t3 = performance.now();
    const r = await fetch(`${embedded.url}/api/generators/arithmetic/generate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count: Math.min(GEN, 100_000), seed: 1 }),
    });
    const made = ((await r.json()) as { created_count: number }).created_count;
    const s = (performance.now() - t3) / 1000;
    emit({
      name: "generate_arithmetic_pglite_memory",
      traces: made,
      seconds: round(s),
      traces_per_s: Math.round(made / s),
    });
  } finally {
    await embedded.stop();
  }
} finally {
  pgServer.stop();
}
