// The executor seam, proven with a kind of run the product does not have: "count" is one executor
// written here and registered with a worker. Queue, capability routing, logs, cancel, retry and
// artifacts come from the engine unchanged.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunEvent } from "@tunix-rt/contracts";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { createLocalBus, type DbHandle } from "@tunix-rt/db";
import { createTestDb } from "@tunix-rt/db/testing";
import {
  cancelRun,
  getRunRow,
  insertRun,
  listArtifacts,
  type RunEventBus,
  type RunRow,
  readLogs,
  retryRun,
  runDirFor,
} from "@tunix-rt/services";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorker, type Worker } from "./create-worker.js";
import type { RunExecutor } from "./run-executor.js";

const COUNT = fileURLToPath(new URL("../test-fixtures/count-kind.mjs", import.meta.url));

/** The whole of a new kind: what to lay out, what to run, how to read the result. */
const countExecutor: RunExecutor = {
  async prepare(ctx) {
    const c = ctx.run.config as { n: number; interval_ms?: number; skip_result?: boolean };
    writeFileSync(join(ctx.dir, "count.json"), JSON.stringify(c));
    ctx.note(`counting to ${c.n}`);
  },
  args: (ctx) => ["count", "--run-dir", ctx.dir],
  async collect(ctx, exit) {
    if (exit.stoppedFor || exit.code !== 0) return { resumableFrom: null };
    const file = join(ctx.dir, "counted.txt");
    return existsSync(file)
      ? { resumableFrom: null }
      : { resumableFrom: null, error: "the counter exited 0 without writing counted.txt" };
  },
};

let handle: DbHandle;
let bus: RunEventBus;
let dataDir: string;
const workers: Worker[] = [];
const deps = () => ({ db: handle.db, bus });

function startWorker(executors: Record<string, RunExecutor>) {
  const w = createWorker(
    deps(),
    {
      dataDir,
      executors,
      trainers: { node: { command: [process.execPath, COUNT] } },
      labels: [],
      concurrency: 2,
      evalConcurrency: 0,
      leaseSeconds: 30,
      heartbeatMs: 200,
      graceMs: 2000,
      pollMs: 100,
      logRetentionDays: 0,
    },
    pino({ level: "silent" }),
  );
  workers.push(w);
  return w.start().then(() => w);
}

async function submitCount(job: { n: number; interval_ms?: number; skip_result?: boolean }) {
  const row = await insertRun(deps(), {
    config: {
      kind: "count",
      dataset_key: "-",
      trainer: "node",
      model_id: "-",
      labels: [],
      priority: 0,
      max_attempts: 1,
      ...job,
    },
    datasetId: null,
  });
  return row.id;
}

async function until(id: string, ok: (r: RunRow) => boolean, ms = 15_000): Promise<RunRow> {
  const end = Date.now() + ms;
  for (;;) {
    const r = await getRunRow(deps(), id);
    if (ok(r)) return r;
    if (Date.now() > end) throw new Error(`run ${id} stuck in ${r.status}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}
const ended = (r: RunRow) => isTerminalStatus(r.status);

beforeAll(async () => {
  handle = await createTestDb();
  bus = createLocalBus<RunEvent>();
  dataDir = mkdtempSync(join(tmpdir(), "trt-kinds-"));
});
afterAll(async () => {
  for (const w of workers) await w.stop(0);
  await handle.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a kind of run added by one executor", () => {
  it("is claimed only by a worker that executes it, then runs through the engine: logs, events, artifacts", async () => {
    await startWorker({}); // offers no kinds: must leave the run alone
    const events: RunEvent[] = [];
    bus.subscribe((m) => {
      if (m.type !== "resync") events.push(m);
    });
    const id = await submitCount({ n: 5 });
    await new Promise((r) => setTimeout(r, 400));
    expect((await getRunRow(deps(), id)).status).toBe("pending");

    await startWorker({ count: countExecutor });
    const run = await until(id, ended);
    expect(run).toMatchObject({ status: "completed", kind: "count", exit_code: 0, attempt: 1 });
    const lines = (await readLogs(deps(), id, 0)).map((l) => l.line);
    expect(lines).toContain("[tunix-rt] counting to 5");
    expect(lines.filter((l) => l.startsWith("tick "))).toEqual([
      "tick 1",
      "tick 2",
      "tick 3",
      "tick 4",
      "tick 5",
    ]);
    expect(lines.some((l) => l.includes(`${COUNT} count --run-dir`))).toBe(true);
    const statuses = events.flatMap((e) => (e.type === "status" && e.run_id === id ? [e.status] : []));
    expect(statuses).toEqual(["pending", "running", "completed"]);
    expect(events.some((e) => e.type === "logs" && e.run_id === id)).toBe(true);
    const files = (await listArtifacts(runDirFor(dataDir, id), {})).artifacts.map((a) => a.path);
    expect(files).toEqual(expect.arrayContaining(["count.json", "counted.txt"]));
    expect(readFileSync(join(runDirFor(dataDir, id), "counted.txt"), "utf8")).toBe("5");
  });

  it("fails a run whose process exited 0 but left unusable results, with the executor's reason", async () => {
    const id = await submitCount({ n: 1, skip_result: true });
    const run = await until(id, ended);
    expect(run).toMatchObject({ status: "failed", exit_code: 0 });
    expect(run.error).toBe("the counter exited 0 without writing counted.txt");
  });

  it("is cancelled through the engine's cancel (SIGTERM to its process) and retried as the same kind", async () => {
    const id = await submitCount({ n: 1000, interval_ms: 20 });
    await until(id, (r) => r.status === "running" && r.last_seq > 3);
    await cancelRun(deps(), id);
    const cancelled = await until(id, ended);
    expect(cancelled.status).toBe("cancelled");
    expect(existsSync(join(runDirFor(dataDir, id), "partial.txt"))).toBe(true);

    const again = await retryRun(deps(), id, false, { runDir: (r) => runDirFor(dataDir, r) });
    expect(again).toMatchObject({ kind: "count", retry_of: id });
    await cancelRun(deps(), again.run_id);
    expect((await until(again.run_id, ended)).status).toBe("cancelled");
    expect((await getRunRow(deps(), again.run_id)).config).toMatchObject({ kind: "count", n: 1000 });
  });
});
