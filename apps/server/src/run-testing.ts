import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { loadServerConfig, type ServerConfigInput } from "./config.js";
import { type RunningServer, startServer } from "./start-server.js";

export const FIXTURE_TRAINER = fileURLToPath(
  new URL("../../worker/test-fixtures/fixture-trainer.mjs", import.meta.url),
);
export const FIXTURE_TRAINERS = JSON.stringify({ fixture: { command: [process.execPath, FIXTURE_TRAINER] } });

/** A real server with its in-process worker offering the fixture trainer, on a temp data folder. */
export async function startRunServer(config: Partial<ServerConfigInput> = {}): Promise<
  RunningServer & {
    dataDir: string;
    api: (path: string, init?: RequestInit & { json?: unknown }) => Promise<{ status: number; body: any }>;
  }
> {
  const dataDir = mkdtempSync(join(tmpdir(), "trt-runs-"));
  const server = await startServer(
    loadServerConfig({}, {
      port: 0,
      databaseUrl: "memory://",
      dataDir,
      logLevel: "silent",
      trainers: FIXTURE_TRAINERS,
      cancelGraceSeconds: 1,
      ...config,
    }),
  );
  const api = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
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
  return Object.assign(server, { dataDir, api });
}

/** Polls a run until `done(status)` (status changes are pushed, but a test just needs the end). */
export async function waitForRun(
  api: (p: string) => Promise<{ body: any }>,
  runId: string,
  done: (s: string) => boolean,
  timeoutMs = 30_000,
) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = (await api(`/api/tunix/runs/${runId}`)).body;
    if (done(r.status)) return r;
    if (Date.now() > end) throw new Error(`run ${runId} stuck in ${r.status}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** Polls a run's stored log until a line matches (e.g. the trainer is up and has its signal handlers). */
export async function waitForLog(
  api: (p: string) => Promise<{ body: any }>,
  runId: string,
  match: (line: string) => boolean,
  timeoutMs = 30_000,
) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const lines: Array<{ line: string }> =
      (await api(`/api/tunix/runs/${runId}/logs?follow=false`)).body.lines ?? [];
    const hit = lines.find((l) => match(l.line));
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`no matching log line in run ${runId}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

export { isTerminalStatus };
