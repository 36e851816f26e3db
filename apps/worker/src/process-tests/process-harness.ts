// Real-process helpers for the run-engine tests: a fresh database on the test Postgres server,
// `tunix-rt worker` / `tunix-rt serve` child processes, an API client, bounded polling, and a
// cleanup that ends every process (and every fixture trainer) a test started.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { testPostgresUrl } from "@tunix-rt/db/testing";
import pg from "pg";

export const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
export const BIN = join(ROOT, "apps/cli/bin/tunix-rt.js");
export const FIXTURE_TRAINER = join(ROOT, "apps/worker/test-fixtures/fixture-trainer.mjs");
export const UNTIL_FILE_TRAINER = join(ROOT, "apps/worker/test-fixtures/until-file-trainer.mjs");
/** Trainers JSON: each name runs the fixture trainer, and "until-file" the stop-file trainer. */
export const fixtureTrainers = (...names: string[]) =>
  JSON.stringify({
    ...Object.fromEntries(names.map((n) => [n, { command: [process.execPath, FIXTURE_TRAINER] }])),
    "until-file": { command: [process.execPath, UNTIL_FILE_TRAINER] },
  });

export type Api = (
  path: string,
  init?: RequestInit & { json?: unknown },
) => Promise<{ status: number; body: any }>;

export function apiClient(baseUrl: string | (() => string)): Api {
  return async (path, init = {}) => {
    const base = typeof baseUrl === "function" ? baseUrl() : baseUrl;
    const res = await fetch(`${base}${path}`, {
      ...init,
      headers:
        init.json === undefined ? init.headers : { "content-type": "application/json", ...init.headers },
      body: init.json === undefined ? init.body : JSON.stringify(init.json),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: res.status, body: body as any };
  };
}

/** Polls `fn` until it returns something other than undefined/false; throws `what` at the deadline. */
export async function poll<T>(
  what: string,
  fn: () => Promise<T | undefined | false | null> | T | undefined | false | null,
  timeoutMs = 20_000,
  intervalMs = 25,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false && v !== null) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
    srv.on("error", reject);
  });
}

export interface Proc {
  child: ChildProcess;
  name: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the combined output matches (rejects if the process exits first). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/**
 * Everything one test file starts, so afterAll can end it: child processes, temp folders,
 * marker files (whose recorded pids are the trainers' process groups), the database.
 */
export class Harness {
  readonly procs: Proc[] = [];
  readonly dirs: string[] = [];
  readonly markers: string[] = [];
  databaseUrl = "";
  /** What the engine's processes connect to, when not the database directly (a PgRelay). */
  serviceUrl = "";
  private dbName = "";

  /** A brand-new, empty database on the test server (the first process to open it migrates it). */
  async createDatabase(prefix = "runs") {
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    this.dbName = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
    await admin.query(`CREATE DATABASE ${this.dbName}`);
    await admin.end();
    const url = new URL(testPostgresUrl()!);
    url.pathname = `/${this.dbName}`;
    this.databaseUrl = url.toString();
    return this.databaseUrl;
  }

  tempDir(prefix = "trt-proc-") {
    const d = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(d);
    return d;
  }

  /** A file the fixture trainer appends `<run_id> <pid>` to on every execution. */
  markerFile() {
    const f = join(this.tempDir("trt-marker-"), "executions.txt");
    this.markers.push(f);
    return f;
  }

  spawn(name: string, args: string[], env: Record<string, string> = {}): Proc {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "", TUNIX_RT_TRAINERS: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const waiters: Array<() => void> = [];
    const onData = (d: Buffer) => {
      out += d.toString();
      for (const w of waiters.splice(0)) w();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => {
        resolve({ code, signal });
        for (const w of waiters.splice(0)) w();
      }),
    );
    const proc: Proc = {
      child,
      name,
      output: () => out,
      exited,
      waitFor(re, timeoutMs = 30_000) {
        return new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`${name}: no output matching ${re} in ${timeoutMs} ms:\n${out}`)),
            timeoutMs,
          );
          const check = () => {
            const m = re.exec(out);
            if (m) {
              clearTimeout(timer);
              return resolve(m);
            }
            if (child.exitCode !== null || child.signalCode !== null) {
              clearTimeout(timer);
              return reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${out}`));
            }
            waiters.push(check);
          };
          check();
        });
      },
    };
    this.procs.push(proc);
    return proc;
  }

  /** `tunix-rt worker` on this file's database; resolves once it has registered and started claiming. */
  async startWorker(o: {
    id: string;
    dataDir?: string;
    trainers?: string;
    labels?: string[];
    concurrency?: number;
    leaseSeconds?: number;
    heartbeatSeconds?: number;
    graceSeconds?: number;
  }): Promise<Proc> {
    const p = this.spawn(`worker ${o.id}`, [
      "worker",
      "--database-url",
      this.serviceUrl || this.databaseUrl,
      "--data-dir",
      o.dataDir ?? this.tempDir("trt-worker-"),
      "--trainers",
      o.trainers ?? fixtureTrainers("fixture"),
      "--labels",
      (o.labels ?? []).join(","),
      "--concurrency",
      String(o.concurrency ?? 2),
      "--lease-seconds",
      String(o.leaseSeconds ?? 3),
      "--heartbeat-seconds",
      String(o.heartbeatSeconds ?? 1),
      "--grace-seconds",
      String(o.graceSeconds ?? 1),
      "--id",
      o.id,
      "--log-level",
      "info",
    ]);
    await p.waitFor(/Tunix worker started/);
    return p;
  }

  /** `tunix-rt serve --no-worker` on this file's database; resolves with its URL. */
  async startServe(o: { port: number; dataDir: string }): Promise<Proc & { url: string }> {
    const p = this.spawn(`serve :${o.port}`, [
      "serve",
      "--no-worker",
      "--port",
      String(o.port),
      "--data-dir",
      o.dataDir,
      "--database-url",
      this.serviceUrl || this.databaseUrl,
      "--log-level",
      "info",
    ]);
    const m = await p.waitFor(/"url":"(http:[^"]+)"/);
    return Object.assign(p, { url: m[1]! });
  }

  /** The API (`tunix-rt serve --no-worker`) on this file's database, with a client for it. */
  async startApi(dataDir = this.tempDir("trt-api-")) {
    const server = await this.startServe({ port: await freePort(), dataDir });
    return Object.assign(server, { api: apiClient(server.url) });
  }

  /** A direct connection for assertions on what the engine stored. */
  async query<R = any>(text: string, values: unknown[] = []): Promise<R[]> {
    const c = new pg.Client({ connectionString: this.databaseUrl });
    await c.connect();
    try {
      return (await c.query(text, values)).rows as R[];
    } finally {
      await c.end();
    }
  }

  async cleanup() {
    for (const p of this.procs)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.all(this.procs.map((p) => p.exited));
    for (const f of this.markers) for (const e of readExecutions(f)) killGroup(e.pid);
    if (this.dbName) {
      const admin = new pg.Client({ connectionString: testPostgresUrl() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`).catch(() => {});
      await admin.end();
    }
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}

export function readExecutions(markerFile: string): Array<{ runId: string; pid: number }> {
  if (!existsSync(markerFile)) return [];
  return readFileSync(markerFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [runId, pid] = l.split(" ");
      return { runId: runId!, pid: Number(pid) };
    });
}

/** Whether a process exists and is not a zombie (an orphan may wait to be reaped by PID 1). */
export function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

function killGroup(pid: number) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone
  }
}

/** 30 arithmetic traces and a dataset `runs-v1` to train on. */
export async function seedDataset(api: Api) {
  const g = await api("/api/generators/arithmetic/generate", {
    method: "POST",
    json: { count: 30, seed: 1 },
  });
  if (g.status >= 300) throw new Error(`generate: ${g.status} ${JSON.stringify(g.body)}`);
  const b = await api("/api/datasets/build", {
    method: "POST",
    json: { dataset_name: "runs", dataset_version: "v1", source: "arithmetic", split: { val: 0.2 } },
  });
  if (b.status >= 300) throw new Error(`build: ${b.status} ${JSON.stringify(b.body)}`);
}

export async function submit(api: Api, over: Record<string, unknown> = {}): Promise<string> {
  const res = await api("/api/tunix/run?mode=async", {
    method: "POST",
    json: { dataset_key: "runs-v1", model_id: "tiny", trainer: "fixture", dry_run: false, ...over },
  });
  if (res.status !== 202) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.run_id as string;
}

export async function waitStatus(api: Api, runId: string, want: (s: string) => boolean, timeoutMs = 20_000) {
  let last = "";
  try {
    return await poll(
      `run ${runId}`,
      async () => {
        const r = (await api(`/api/tunix/runs/${runId}`)).body;
        last = r.status;
        return want(r.status) ? r : undefined;
      },
      timeoutMs,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message} (its status stayed ${JSON.stringify(last)})`);
  }
}

/** Waits until the run's stored log has a line matching `re`. */
export async function waitLine(api: Api, runId: string, re: RegExp, timeoutMs = 20_000) {
  return poll(
    `a log line ${re} in run ${runId}`,
    async () => {
      const lines: Array<{ seq: number; line: string; t: string }> =
        (await api(`/api/tunix/runs/${runId}/logs?follow=false&limit=100000`)).body.lines ?? [];
      return lines.find((l) => re.test(l.line));
    },
    timeoutMs,
  );
}

/** Stored seqs of a run, in order, with their lines. */
export async function storedLogs(h: Harness, runId: string) {
  return h.query<{ seq: number; stream: string; line: string; t: Date }>(
    "SELECT seq, stream, line, t FROM run_logs WHERE run_id = $1 ORDER BY seq",
    [runId],
  );
}

/** [1, 2, …, n] */
export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export interface SseEvent {
  event: string;
  id?: string;
  data: any;
}

/**
 * Reads one SSE response to its end (the server ends a run's log stream after its final status)
 * and returns every event in the order it was sent.
 */
export async function readSse(url: string, timeoutMs = 30_000): Promise<SseEvent[]> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }); // one signal per stream
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: ${res.status}`);
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buf = "";
  const take = (block: string) => {
    const e: { event: string; id?: string; data: string[] } = { event: "message", data: [] };
    for (const line of block.split("\n")) {
      const i = line.indexOf(":");
      if (i === 0) continue;
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") e.event = value;
      else if (field === "id") e.id = value;
      else if (field === "data") e.data.push(value);
    }
    if (e.data.length) events.push({ event: e.event, id: e.id, data: JSON.parse(e.data.join("\n")) });
  };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let end = buf.indexOf("\n\n");
    while (end >= 0) {
      take(buf.slice(0, end));
      buf = buf.slice(end + 2);
      end = buf.indexOf("\n\n");
    }
  }
  return events;
}

/**
 * Checks every stored run against the state machine's invariants (what each state implies for
 * the other columns); throws listing each violation.
 */
export async function assertRunInvariants(
  query: (text: string) => Promise<any[]>,
  opts: { lastSeq?: boolean } = {},
) {
  const rows =
    await query(`SELECT r.id, r.status, r.mode, r.attempt, r.max_attempts, r.worker_id, r.exit_code,
      r.started_at, r.completed_at, r.lease_expires_at, r.last_seq,
      (SELECT coalesce(max(seq), 0) FROM run_logs l WHERE l.run_id = r.id) AS max_seq
    FROM runs r`);
  const problems: string[] = [];
  for (const r of rows) {
    const bad = (why: string) => problems.push(`${r.id} (${r.status}): ${why}`);
    const terminal = isTerminalStatus(r.status);
    if (!terminal && !["pending", "running", "cancel_requested"].includes(r.status)) bad("unknown status");
    if (r.attempt > r.max_attempts) bad(`attempt ${r.attempt} > max_attempts ${r.max_attempts}`);
    if (opts.lastSeq !== false && Number(r.last_seq) !== Number(r.max_seq))
      bad(`last_seq ${r.last_seq} but logs end at ${r.max_seq}`);
    if (r.mode !== "local") continue;
    if (terminal && !r.completed_at) bad("terminal without completed_at");
    if (terminal && r.lease_expires_at) bad("terminal but still leased");
    if (r.status === "completed" && r.exit_code !== 0) bad(`completed with exit code ${r.exit_code}`);
    if (r.status === "pending" && (r.lease_expires_at || r.completed_at || r.worker_id))
      bad("pending but leased, ended or held");
    if (["running", "cancel_requested"].includes(r.status)) {
      if (!r.worker_id || !r.lease_expires_at || !r.started_at)
        bad("executing without worker, lease or start");
      if (r.completed_at) bad("executing but has completed_at");
      if (r.attempt < 1) bad("executing at attempt 0");
    }
  }
  if (problems.length) throw new Error(`run invariants violated:\n${problems.join("\n")}`);
  return rows.length;
}

/**
 * A TCP relay in front of the test Postgres server, so a test can cut every connection and refuse
 * new ones for a while (a Postgres restart or a network blip) without touching the shared server.
 */
export class PgRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  static forUrl(url: string) {
    const u = new URL(url);
    return new PgRelay({ host: u.hostname, port: Number(u.port || 5432) });
  }

  /** `url` with its host and port pointing at this relay. */
  wrap(url: string) {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }

  async open() {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    const a = server.address();
    this.port = typeof a === "object" && a ? a.port : this.port;
    this.server = server;
  }

  /** Drops every relayed connection and refuses new ones until `open()` again. */
  async cut() {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
