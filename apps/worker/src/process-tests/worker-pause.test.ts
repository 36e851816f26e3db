// A worker that stops answering without dying (SIGSTOP: a long GC pause, a frozen VM, a network
// partition) loses its lease; the run goes to another worker. When the first one wakes up it must
// notice that it no longer holds the run and stop its trainer, without writing into the log the
// second attempt is writing.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Harness,
  isAlive,
  poll,
  readExecutions,
  seedDataset,
  storedLogs,
  submit,
  waitLine,
} from "./process-harness.js";

describe.skipIf(!hasTestPostgres())("a worker paused past its lease", () => {
  const h = new Harness();
  let api: Awaited<ReturnType<Harness["startApi"]>>["api"];
  let dataDir: string;

  beforeAll(async () => {
    await h.createDatabase("pause");
    dataDir = h.tempDir("trt-shared-data-");
    api = (await h.startApi(dataDir)).api;
    await seedDataset(api);
  });
  afterAll(() => h.cleanup());

  it("fixed bug — after SIGCONT the stale worker keeps its trainer running and keeps writing the run's log", async () => {
    const marker = h.markerFile();
    const paused = await h.startWorker({ id: "pause-stale", dataDir });
    const stopFile = join(h.tempDir("trt-stop-"), "stop");
    const run = await submit(api, {
      max_attempts: 2,
      trainer: "until-file",
      trainer_options: { interval_ms: 25, stop_file: stopFile, marker_file: marker },
    });
    await waitLine(api, run, /^line 3$/);
    paused.child.kill("SIGSTOP");
    await h.startWorker({ id: "pause-peer", dataDir });
    await poll("attempt 2 running on the peer", async () => {
      const r = (await api(`/api/tunix/runs/${run}`)).body;
      return r.attempt === 2 && r.worker_id === "pause-peer" && r.status === "running";
    });
    // Attempt 2's trainer is up (its own "line 1" follows the second "starting" note).
    await poll("two trainer starts", async () => {
      const starts = (await storedLogs(h, run)).filter((l) => l.line.startsWith("[tunix-rt] starting: "));
      return starts.length === 2;
    });
    const executions = await poll("both trainers to be up", () => {
      const e = readExecutions(marker).filter((x) => x.runId === run);
      return e.length === 2 ? e : undefined;
    });
    paused.child.kill("SIGCONT");
    // The stale worker heartbeats every second; give it a few, measured by the peer's progress.
    const before = (await storedLogs(h, run)).length;
    await poll(
      "the peer to write 100 more lines",
      async () => (await storedLogs(h, run)).length > before + 100,
    );
    const staleTrainerAlive = isAlive(executions[0]!.pid);
    const logs = await storedLogs(h, run);
    const second = logs.findLastIndex((l) => l.line.startsWith("[tunix-rt] starting: "));
    const numbers = logs
      .slice(second)
      .filter((l) => l.line.startsWith("line "))
      .map((l) => Number(l.line.split(" ")[1]));
    const foreign = numbers.filter((n, i) => n !== i + 1).length;
    writeFileSync(stopFile, "");
    await api(`/api/tunix/runs/${run}/cancel`, { method: "POST" });
    expect({ staleTrainerAlive, linesNotFromAttempt2AfterItStarted: foreign }).toEqual({
      staleTrainerAlive: false,
      linesNotFromAttempt2AfterItStarted: 0,
    });
  });
});
