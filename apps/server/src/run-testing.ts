import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { type Api, apiClient } from "../../worker/src/process-tests/process-harness.js";
import { loadServerConfig, type ServerConfigInput } from "./config.js";
import { type RunningServer, startServer } from "./start-server.js";

export const FIXTURE_TRAINER = fileURLToPath(
  new URL("../../worker/test-fixtures/fixture-trainer.mjs", import.meta.url),
);
export const FIXTURE_TRAINERS = JSON.stringify({ fixture: { command: [process.execPath, FIXTURE_TRAINER] } });

/** A real server with its in-process worker offering the fixture trainer, on a temp data folder. */
export async function startRunServer(
  config: Partial<ServerConfigInput> = {},
): Promise<RunningServer & { dataDir: string; api: Api }> {
  const dataDir = mkdtempSync(join(tmpdir(), "trt-runs-"));
  const server = await startServer(
    loadServerConfig(
      {},
      {
        port: 0,
        databaseUrl: "memory://",
        dataDir,
        logLevel: "silent",
        trainers: FIXTURE_TRAINERS,
        cancelGraceSeconds: 1,
        ...config,
      },
    ),
  );
  return Object.assign(server, { dataDir, api: apiClient(server.url) });
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

/** Five arithmetic traces (seed 1) built into dataset `<name>-v1`, for runs to train on. */
export async function buildSmallDataset(api: Api, name: string): Promise<string> {
  await api("/api/generators/arithmetic/generate", { method: "POST", json: { count: 5, seed: 1 } });
  const built = await api("/api/datasets/build", {
    method: "POST",
    json: { dataset_name: name, dataset_version: "v1", source: "arithmetic" },
  });
  if (built.status !== 201) throw new Error(`build ${name}: ${built.status} ${JSON.stringify(built.body)}`);
  return `${name}-v1`;
}

export { isTerminalStatus };
