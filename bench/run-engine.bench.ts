// Run engine: (a) log latency from a trainer's write to SSE receipt at ~1,000 lines/s, (b) a burst of
// 200,000 lines as fast as the trainer writes them (all stored, all delivered in order), (c) enqueue →
// trainer start latency, (d) runs accepted per second. Usage:
//   npx tsx bench/run-engine.bench.ts [--targets=pglite,postgres] [--burst=200000] [--latency-lines=5000]

import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { startPostgres } from "./lib/postgres.js";
import { emit, intArg, listArg, note, round } from "./lib/report.js";
import { startServerProcess } from "./lib/server-process.js";

const FIXTURE = fileURLToPath(new URL("../apps/worker/test-fixtures/fixture-trainer.mjs", import.meta.url));
const TRAINERS = JSON.stringify({ fixture: { command: [process.execPath, FIXTURE] } });
const BURST = intArg("burst", "BENCH_BURST", 200_000);
const LAT_LINES = intArg("latency-lines", "BENCH_LATENCY_LINES", 5000);
const STARTS = intArg("starts", "BENCH_STARTS", 30);
const targets = listArg("targets", ["pglite", "postgres"]);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : Number.NaN;
};

async function json(url: string, body?: unknown) {
  const r = await fetch(
    url,
    body === undefined
      ? undefined
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );
  return (await r.json()) as any;
}

/** Reads a run's SSE stream to its end, calling `onLog` for each line as it arrives. */
async function follow(url: string, onLog: (seq: number, line: string, at: number) => void) {
  const res = await fetch(url, { headers: { accept: "text/event-stream" } });
  const decoder = new TextDecoder();
  let buf = "";
  let status = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const at = Date.now();
    buf += decoder.decode(chunk, { stream: true });
    let end = buf.indexOf("\n\n");
    while (end !== -1) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === "log" && data) {
        const l = JSON.parse(data) as { seq: number; line: string };
        onLog(l.seq, l.line, at);
      } else if (event === "status" && data) status = (JSON.parse(data) as { status: string }).status;
      end = buf.indexOf("\n\n");
    }
  }
  return status;
}

async function submit(base: string, options: Record<string, unknown>) {
  return json(`${base}/api/tunix/run?mode=async`, {
    dataset_key: "bench-v1",
    model_id: "tiny",
    trainer: "fixture",
    dry_run: false,
    trainer_options: options,
  });
}

async function benchTarget(target: string, databaseUrl: string | undefined, dataDir: string | undefined) {
  const server = await startServerProcess({ databaseUrl, dataDir, trainers: TRAINERS, worker: true });
  try {
    await json(`${server.url}/api/generators/arithmetic/generate`, { count: 20, seed: 1 });
    await json(`${server.url}/api/datasets/build`, {
      dataset_name: "bench",
      dataset_version: "v1",
      source: "arithmetic",
    });

    note(`${target}: log latency at ~1000 lines/s`);
    const run = await submit(server.url, { lines: LAT_LINES, interval_ms: 1 });
    const lat: number[] = [];
    await follow(`${server.url}/api/tunix/runs/${run.run_id}/logs`, (_seq, line, at) => {
      const t = /t=(\d+)/.exec(line);
      if (t) lat.push(at - Number(t[1]));
    });
    const detail = await json(`${server.url}/api/tunix/runs/${run.run_id}`);
    const seconds = (Date.parse(detail.completed_at) - Date.parse(detail.started_at)) / 1000;
    emit({
      name: "log_latency_ms",
      target,
      lines: lat.length,
      lines_per_s: Math.round(lat.length / seconds),
      p50: pct(lat, 50),
      p90: pct(lat, 90),
      p99: pct(lat, 99),
      max: Math.max(...lat),
      target_p99_ms: 25,
    });

    note(`${target}: burst of ${BURST} lines`);
    const burst = await submit(server.url, { lines: BURST, interval_ms: 0 });
    let count = 0;
    let inOrder = true;
    let last = 0;
    let first = 0;
    let lastAt = 0;
    const status = await follow(`${server.url}/api/tunix/runs/${burst.run_id}/logs`, (seq, line, at) => {
      if (seq !== last + 1) inOrder = false;
      last = seq;
      if (line.startsWith("line ")) {
        count++;
        first ||= at;
        lastAt = at;
      }
    });
    const stored = (
      await json(
        `${server.url}/api/tunix/runs/${burst.run_id}/logs?follow=false&limit=100000&since_seq=${last - 1}`,
      )
    ).next_seq;
    emit({
      name: "log_burst",
      target,
      status,
      trainer_lines: BURST,
      delivered: count,
      in_order: inOrder,
      last_seq_stored: stored,
      delivered_lines_per_s: Math.round(count / ((lastAt - first) / 1000 || 1)),
    });

    note(`${target}: enqueue → trainer start (${STARTS} runs, one at a time)`);
    const claim: number[] = [];
    const start: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const r = await submit(server.url, { lines: 1 });
      let firstLine = 0;
      await follow(`${server.url}/api/tunix/runs/${r.run_id}/logs`, (_s, line) => {
        const t = /t=(\d+)/.exec(line);
        if (t && !firstLine) firstLine = Number(t[1]);
      });
      const d = await json(`${server.url}/api/tunix/runs/${r.run_id}`);
      claim.push(Date.parse(d.started_at) - Date.parse(d.queued_at));
      start.push(firstLine - Date.parse(d.queued_at));
    }
    emit({
      name: "enqueue_to_claim_ms",
      target,
      runs: STARTS,
      p50: pct(claim, 50),
      p90: pct(claim, 90),
      max: Math.max(...claim),
    });
    emit({
      name: "enqueue_to_trainer_first_line_ms",
      target,
      runs: STARTS,
      p50: pct(start, 50),
      p90: pct(start, 90),
      max: Math.max(...start),
      target_p50_ms: 100,
      note: "includes the trainer process's own start-up (node ≈ 40 ms) and data rendering",
    });
  } finally {
    await server.stop();
  }

  note(`${target}: runs accepted per second (they ask for a label no worker has, so they just queue)`);
  const queueOnly = await startServerProcess({
    databaseUrl,
    dataDir: dataDir ? `${dataDir}-q` : undefined,
    trainers: TRAINERS,
    worker: true,
  });
  try {
    await json(`${queueOnly.url}/api/generators/arithmetic/generate`, { count: 20, seed: 1 });
    await json(`${queueOnly.url}/api/datasets/build`, {
      dataset_name: "bench",
      dataset_version: "v2",
      source: "arithmetic",
    }).catch(() => {});
    const result = await autocannon({
      // autocannon's types lack method/body/headers on the top-level options, which it accepts.
      url: `${queueOnly.url}/api/tunix/run?mode=async`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        dataset_key: "bench-v2",
        model_id: "tiny",
        trainer: "fixture",
        dry_run: false,
        labels: ["nowhere"],
      }),
      connections: 10,
      duration: 5,
    } as never);
    emit({
      name: "runs_accepted_per_s",
      target,
      requests: result.requests.total,
      non_2xx: result.non2xx,
      req_per_s: round(result.requests.average, 1),
      p99_ms: result.latency.p99,
    });
  } finally {
    await queueOnly.stop();
  }
}

const { mkdtempSync } = await import("node:fs");
const { tmpdir } = await import("node:os");
const { join } = await import("node:path");
for (const target of targets) {
  if (target === "pglite")
    await benchTarget("pglite", undefined, join(mkdtempSync(join(tmpdir(), "bench-runs-")), "data"));
  else {
    const pg = await startPostgres();
    try {
      await benchTarget("postgres", pg.url, join(mkdtempSync(join(tmpdir(), "bench-runs-")), "data"));
    } finally {
      pg.stop();
    }
  }
}
