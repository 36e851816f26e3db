// How the worker starts and ends a trainer: `train --run-dir DIR` in the run directory, a clean
// environment, its own process group, and nothing of that group left behind when the run ends.

import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Harness,
  isAlive,
  poll,
  seedDataset,
  submit,
  waitLine,
  waitStatus,
} from "../../../worker/src/process-tests/process-harness.js";
import { FIXTURE_TRAINER, startRunServer } from "../run-testing.js";

const FORKING = fileURLToPath(new URL("../../../worker/test-fixtures/forking-trainer.mjs", import.meta.url));
let s: Awaited<ReturnType<typeof startRunServer>>;
const h = new Harness();
const grandchildren: number[] = [];

beforeAll(async () => {
  // A secret in the worker's own environment, which no trainer may inherit.
  process.env.TUNIX_TEST_SECRET = "must-not-leak";
  const databaseUrl = hasTestPostgres() ? await h.createDatabase("supervise") : undefined;
  s = await startRunServer({
    workerConcurrency: 2,
    trainers: JSON.stringify({
      fixture: { command: [process.execPath, FIXTURE_TRAINER] },
      forking: { command: [process.execPath, FORKING], env: { EXTRA_FLAG: "1" } },
    }),
    ...(databaseUrl ? { databaseUrl, worker: true } : {}),
  });
  await seedDataset(s.api);
});
afterAll(async () => {
  delete process.env.TUNIX_TEST_SECRET;
  for (const pid of grandchildren) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  await s.close();
  await h.cleanup();
});

const lines = async (id: string): Promise<string[]> =>
  (await s.api(`/api/tunix/runs/${id}/logs?follow=false`)).body.lines.map((l: { line: string }) => l.line);
const grandchildOf = async (id: string) => {
  const hit = await waitLine(s.api, id, /^grandchild \d+$/);
  const pid = Number(hit.line.split(" ")[1]);
  grandchildren.push(pid);
  return pid;
};

describe("trainer supervision", () => {
  it("starts `train --run-dir DIR` in the run directory with a clean environment", async () => {
    const id = await submit(s.api, { trainer: "forking" });
    const run = await waitStatus(s.api, id, (x) => isTerminalStatus(x));
    expect(run.status).toBe("completed");
    const out = await lines(id);
    const dir = run.output_dir as string;
    expect(out).toContain(`args: ${JSON.stringify(["train", "--run-dir", dir])}`);
    expect(realpathSync(out.find((l) => l.startsWith("cwd: "))!.slice(5))).toBe(realpathSync(dir));
    const env = out
      .find((l) => l.startsWith("env: "))!
      .slice(5)
      .split(",");
    expect(env).toContain("TUNIX_RT_RUN_ID");
    expect(env).toContain("TUNIX_RT_RUN_DIR");
    expect(env).toContain("EXTRA_FLAG");
    expect(env).not.toContain("TUNIX_TEST_SECRET");
    expect(env).not.toContain("TEST_DATABASE_URL");
    expect(env).not.toContain("DATABASE_URL");
  });

  it("kills what the trainer left running in its process group when it exits", async () => {
    const id = await submit(s.api, { trainer: "forking" });
    const pid = await grandchildOf(id);
    expect((await waitStatus(s.api, id, (x) => isTerminalStatus(x))).status).toBe("completed");
    await poll(`grandchild ${pid} to be gone`, () => !isAlive(pid), 5000);
  });

  it("cancel signals the whole process group: the trainer and its grandchild end", async () => {
    const id = await submit(s.api, { trainer: "forking", trainer_options: { wait: true } });
    const pid = await grandchildOf(id);
    expect(isAlive(pid)).toBe(true);
    await s.api(`/api/tunix/runs/${id}/cancel`, { method: "POST" });
    expect((await waitStatus(s.api, id, (x) => isTerminalStatus(x))).status).toBe("cancelled");
    await poll(`grandchild ${pid} to be gone`, () => !isAlive(pid), 5000);
  });
});
