// Several `tunix-rt worker` processes sharing one Postgres queue: every run is executed exactly
// once, and a worker only claims runs whose trainer and labels it offers.
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertRunInvariants,
  fixtureTrainers,
  Harness,
  oneTo,
  poll,
  readExecutions,
  readSse,
  type SseEvent,
  seedDataset,
  submit,
  waitStatus,
} from "./process-harness.js";

describe.skipIf(!hasTestPostgres())("several worker processes on one Postgres", () => {
  const h = new Harness();
  let api: Awaited<ReturnType<Harness["startApi"]>>["api"];
  let apiUrl: string;

  beforeAll(async () => {
    await h.createDatabase("multi");
    const server = await h.startApi();
    api = server.api;
    apiUrl = server.url;
    await seedDataset(api);
  });
  afterAll(() => h.cleanup());

  it("executes each of 40 runs exactly once across three workers (attempt 1, logs 1..N)", async () => {
    const marker = h.markerFile();
    const ids = ["w1", "w2", "w3"].map((n) => `multi-${n}`);
    const workers = await Promise.all(ids.map((id) => h.startWorker({ id, concurrency: 2 })));
    const runIds = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        submit(api, { trainer_options: { lines: 5 + (i % 7), marker_file: marker } }),
      ),
    );
    expect(new Set(runIds).size).toBe(40);
    // Live followers of every run, through the API process, while the workers execute them.
    const streams = runIds.map((id) => readSse(`${apiUrl}/api/tunix/runs/${id}/logs`, 60_000));
    const placeholders = runIds.map((_, i) => `$${i + 1}`).join(",");
    const finished = await poll(
      "all 40 runs to end",
      async () => {
        const rows = await h.query<{ id: string; status: string; attempt: number; worker_id: string }>(
          `SELECT id, status, attempt, worker_id FROM runs WHERE id IN (${placeholders})`,
          runIds,
        );
        return rows.every((r) => isTerminalStatus(r.status)) ? rows : undefined;
      },
      60_000,
      100,
    );
    expect(finished.filter((r) => r.status !== "completed")).toEqual([]);
    expect(finished.every((r) => r.attempt === 1)).toBe(true);
    // The queue was really shared (each worker got a wake-up for every submission).
    expect(new Set(finished.map((r) => r.worker_id)).size).toBeGreaterThanOrEqual(2);
    expect(finished.every((r) => ids.includes(r.worker_id))).toBe(true);

    const executions = readExecutions(marker);
    const counts = new Map<string, number>();
    for (const e of executions) counts.set(e.runId, (counts.get(e.runId) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...runIds].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    const seqs = await h.query<{ run_id: string; seqs: number[]; trainer_lines: number }>(
      `SELECT run_id, array_agg(seq ORDER BY seq) AS seqs,
              count(*) FILTER (WHERE line LIKE 'line %')::int AS trainer_lines
         FROM run_logs WHERE run_id IN (${placeholders}) GROUP BY run_id`,
      runIds,
    );
    expect(seqs.length).toBe(40);
    for (const r of seqs) {
      expect(r.seqs, `run ${r.run_id}`).toEqual(oneTo(r.seqs.length));
      const i = runIds.indexOf(r.run_id);
      expect(r.trainer_lines, `run ${r.run_id}`).toBe(5 + (i % 7));
    }
    const lastSeq = await h.query<{ id: string; last_seq: number; n: number }>(
      `SELECT r.id, r.last_seq, (SELECT count(*)::int FROM run_logs l WHERE l.run_id = r.id) AS n
         FROM runs r WHERE r.id IN (${placeholders})`,
      runIds,
    );
    for (const r of lastSeq) expect(r.last_seq, `run ${r.id}`).toBe(r.n);

    // Each live stream delivered every stored line once, in order, and a final completed status.
    const events = await Promise.all(streams);
    for (const [i, ev] of events.entries()) {
      const runId = runIds[i]!;
      const logs = ev.filter((e) => e.event === "log");
      const n = seqs.find((r) => r.run_id === runId)!.seqs.length;
      expect(
        logs.map((e) => e.data.seq),
        `run ${runId}`,
      ).toEqual(oneTo(n));
      expect(logs.every((e) => e.id === String(e.data.seq))).toBe(true);
      const statuses = ev.filter((e: SseEvent) => e.event === "status").map((e) => e.data.status);
      expect(statuses.at(-1), `run ${runId}`).toBe("completed");
    }
    for (const w of workers) w.child.kill("SIGTERM");
    for (const w of workers) expect((await w.exited).code).toBe(0);
  });

  it("routes by trainer and labels: a worker never claims a run it does not fully serve", async () => {
    // A trainer the server knows (a worker offered it once) that no live worker offers now: the
    // built-in names will not do, as every worker here offers jax, and tunix wherever it is installed.
    const gone = await h.startWorker({ id: "route-gone", trainers: fixtureTrainers("gone") });
    gone.child.kill("SIGTERM"); // registered before it said it started; how it ends is not the point
    await gone.exited;
    const plain = await h.startWorker({ id: "route-plain", concurrency: 1 });
    const other = await h.startWorker({ id: "route-other", trainers: fixtureTrainers("other") });
    // Queued before the run each worker can serve, so a claim that ignored routing would take these first.
    const gpuRun = await submit(api, { labels: ["gpu"], trainer_options: { lines: 2 } });
    const gpuTpuRun = await submit(api, { labels: ["gpu", "tpu"], trainer_options: { lines: 2 } });
    const goneRun = await submit(api, { trainer: "gone" });
    const otherRun = await submit(api, { trainer: "other", trainer_options: { lines: 2 } });
    const plainRun = await submit(api, { trainer_options: { lines: 2 } });

    const plainDone = await waitStatus(api, plainRun, (s) => s === "completed");
    const otherDone = await waitStatus(api, otherRun, (s) => s === "completed");
    expect(plainDone.worker_id).toBe("route-plain");
    expect(otherDone.worker_id).toBe("route-other");
    for (const id of [gpuRun, gpuTpuRun, goneRun])
      expect((await api(`/api/tunix/runs/${id}`)).body.status, id).toBe("pending");

    await h.startWorker({ id: "route-gpu", labels: ["gpu", "big"] });
    const gpuDone = await waitStatus(api, gpuRun, (s) => s === "completed");
    expect(gpuDone.worker_id).toBe("route-gpu");
    // route-gpu has claimed what it can; the run needing "tpu" too, and the trainer nobody offers, wait.
    await poll("route-gpu to be idle", async () => {
      const w = (await api("/api/workers")).body.data.find(
        (x: { worker_id: string }) => x.worker_id === "route-gpu",
      );
      return w && w.running === 0;
    });
    for (const id of [gpuTpuRun, goneRun])
      expect((await api(`/api/tunix/runs/${id}`)).body.status, id).toBe("pending");

    const workers = (await api("/api/workers")).body.data as Array<{ worker_id: string; labels: string[] }>;
    expect(workers.find((w) => w.worker_id === "route-gpu")?.labels).toEqual(["gpu", "big"]);
    for (const id of [gpuTpuRun, goneRun]) {
      const c = await api(`/api/tunix/runs/${id}/cancel`, { method: "POST" });
      expect(c.body.status).toBe("cancelled");
    }
    plain.child.kill("SIGTERM");
    other.child.kill("SIGTERM");
    expect((await plain.exited).code).toBe(0);
    expect((await other.exited).code).toBe(0);
  });
  it("leaves every stored run consistent with the state machine", async () => {
    expect(await assertRunInvariants((q) => h.query(q))).toBeGreaterThan(0);
  });
});
