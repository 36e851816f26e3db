// GET /api/traces under load: 100,000 stored traces, autocannon with 50 connections, against a
// server on a Postgres server and on embedded PGlite (on disk), each in its own process.
//   npx tsx bench/list-traces.bench.ts [--traces=100000] [--duration=10] [--connections=50] [--targets=postgres,pglite]
// stdout: one JSON object per scenario, then a summary. Target: p99 ≤ 10 ms on a list page.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type TunixClient } from "@tunix-rt/client";
import autocannon from "autocannon";
import { copyTraces, sqlOnce, writeCopyFile } from "./lib/copy-baseline.js";
import { startPostgres } from "./lib/postgres.js";
import { emit, intArg, listArg, machine, note, round } from "./lib/report.js";
import { readCpuSeconds, startServerProcess } from "./lib/server-process.js";
import { ndjsonChunks, toReadableStream } from "./lib/synthetic-traces.js";

const TRACES = intArg("traces", "BENCH_TRACES", 100_000);
const DURATION = intArg("duration", "BENCH_DURATION", 10);
const CONNECTIONS = intArg("connections", "BENCH_CONNECTIONS", 50);
const SCORED = 500; // traces given a baseline score, so the latest-score join finds some
const targets = listArg("targets", ["postgres", "pglite"]);
const TARGET_P99_MS = 10;

interface Scenario {
  name: string;
  path: string;
  connections?: number;
  /** Counts toward the "list page" target (plain and filtered pages); others are informative. */
  target: boolean;
}

/** A cursor `pages` pages of 100 deep, found the way a client would: by following next_cursor. */
async function deepCursor(client: TunixClient, pages: number): Promise<string> {
  let cursor: string | undefined;
  for (let k = 0; k < pages; k++) {
    const page = await client.traces.list({ limit: 100, cursor });
    if (!page.pagination.next_cursor) break;
    cursor = page.pagination.next_cursor;
  }
  if (!cursor) throw new Error("no cursor: is the store empty?");
  return cursor;
}

async function scoreSome(client: TunixClient) {
  const page = await client.traces.list({ limit: 100 });
  let cursor = page.pagination.next_cursor ?? undefined;
  const ids = page.data.map((t) => t.id);
  while (ids.length < SCORED * 20 && cursor) {
    const next = await client.traces.list({ limit: 100, cursor });
    ids.push(...next.data.map((t) => t.id));
    cursor = next.pagination.next_cursor ?? undefined;
  }
  // Every 20th of the newest traces, so a min_score page needs to look past unscored ones.
  for (let k = 0; k < ids.length; k += 20) await client.traces.score(ids[k]!, "baseline");
}

async function run(target: string, url: string, pid: number, client: TunixClient) {
  const cursor = await deepCursor(client, 100); // 10,000 traces deep
  const scenarios: Scenario[] = [
    { name: "first_page", path: "/api/traces?limit=20", target: true },
    { name: "filter_source", path: "/api/traces?limit=20&source=gsm8k", target: true },
    { name: "cursor_page_10000_deep", path: `/api/traces?limit=20&cursor=${cursor}`, target: true },
    { name: "filter_min_score", path: "/api/traces?limit=20&min_score=0", target: false },
    // One client at a time: the service time of a page without queueing (informative).
    { name: "first_page_1_connection", path: "/api/traces?limit=20", connections: 1, target: false },
  ];
  const out = [];
  for (const s of scenarios) {
    const connections = s.connections ?? CONNECTIONS;
    await autocannon({ url: url + s.path, connections, duration: 2 }); // warm-up
    const load1 = loadavg()[0]!;
    const cpu0 = readCpuSeconds(pid);
    const r = await autocannon({ url: url + s.path, connections, duration: DURATION });
    const result = {
      name: `${target}_${s.name}`,
      path: s.path.replace(/cursor=[^&]+/, "cursor=…"),
      connections,
      seconds: DURATION,
      requests: r.requests.total,
      req_per_s: Math.round(r.requests.average),
      latency_ms: {
        avg: round(r.latency.average, 2),
        p50: r.latency.p50,
        p90: r.latency.p90,
        p97_5: r.latency.p97_5,
        p99: r.latency.p99,
        max: r.latency.max,
      },
      errors: r.errors + r.timeouts,
      non_2xx: r.non2xx,
      server_cpu_s: round(readCpuSeconds(pid) - cpu0, 2),
      server_cpu_ms_per_request: round(
        ((readCpuSeconds(pid) - cpu0) * 1000) / Math.max(1, r.requests.total),
        3,
      ),
      loadavg_1m_before: round(load1, 2),
      counts_toward_target: s.target,
      meets_p99_target: r.latency.p99 <= TARGET_P99_MS,
    };
    emit(result);
    out.push(result);
  }
  return out;
}

const results: Awaited<ReturnType<typeof run>> = [];
if (targets.includes("postgres")) {
  const pg = await startPostgres();
  const tmp = mkdtempSync(join(tmpdir(), "tunix-rt-bench-list-"));
  try {
    const server = await startServerProcess({ databaseUrl: pg.url }); // migrates the database
    try {
      note(`postgres: loading ${TRACES} traces with COPY`);
      await writeCopyFile(join(tmp, "traces.copy"), TRACES);
      await copyTraces(pg.url, join(tmp, "traces.copy"));
      await sqlOnce(pg.url, "VACUUM ANALYZE traces");
      const client = createClient({ baseUrl: server.url });
      await scoreSome(client);
      results.push(...(await run("postgres", server.url, server.pid, client)));
    } finally {
      await server.stop();
    }
  } finally {
    pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
if (targets.includes("pglite")) {
  const dataDir = mkdtempSync(join(tmpdir(), "tunix-rt-bench-list-"));
  try {
    const server = await startServerProcess({ dataDir });
    try {
      note(`pglite: loading ${TRACES} traces through the NDJSON import`);
      const client = createClient({ baseUrl: server.url });
      const res = await client.traces.importNdjson(toReadableStream(ndjsonChunks(TRACES)));
      if (res.created_count !== TRACES) throw new Error(`stored ${res.created_count}/${TRACES}`);
      await scoreSome(client);
      results.push(...(await run("pglite", server.url, server.pid, client)));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const counted = results.filter((r) => r.counts_toward_target);
emit({
  name: "summary",
  bench: "list-traces",
  traces: TRACES,
  connections: CONNECTIONS,
  duration_s: DURATION,
  machine: machine(),
  target_p99_ms: TARGET_P99_MS,
  worst_p99_ms: counted.length ? Math.max(...counted.map((r) => r.latency_ms.p99)) : null,
  meets: counted.length ? counted.every((r) => r.meets_p99_target) : null,
  p99_ms: Object.fromEntries(results.map((r) => [r.name, r.latency_ms.p99])),
  req_per_s: Object.fromEntries(results.map((r) => [r.name, r.req_per_s])),
});
