// The run state machine from the outside: what the API allows in each state, and what the
// database-side verbs (finishRun, recoverLostRuns) allow, checked against stored rows.
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import { queryRows, sql } from "@tunix-rt/db";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { finishRun, type RunOutcome, recoverLostRuns } from "@tunix-rt/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertRunInvariants,
  Harness,
  seedDataset,
  submit,
  waitLine,
  waitStatus,
} from "../../../worker/src/process-tests/process-harness.js";
import { startRunServer } from "../run-testing.js";

let s: Awaited<ReturnType<typeof startRunServer>>;
const h = new Harness();
let repeatedCancel = ""; // a run cancelled three times while its trainer ignored SIGTERM
beforeAll(async () => {
  const databaseUrl = hasTestPostgres() ? await h.createDatabase("state") : undefined;
  s = await startRunServer({ workerConcurrency: 2, ...(databaseUrl ? { databaseUrl, worker: true } : {}) });
  await seedDataset(s.api);
});
afterAll(async () => {
  await s.close();
  await h.cleanup();
});

const cancel = (id: string) => s.api(`/api/tunix/runs/${id}/cancel`, { method: "POST" });
const retry = (id: string, json: unknown = {}) =>
  s.api(`/api/tunix/runs/${id}/retry`, { method: "POST", json });
const detail = async (id: string) => (await s.api(`/api/tunix/runs/${id}`)).body;
/**
 * A run only a worker with the label "parked" may take: none here has it, so it stays pending.
 * (Not the "tunix" trainer: where Tunix is installed, the worker offers it a moment after start.)
 */
const parked = () => submit(s.api, { labels: ["parked"] });
const deps = () => ({ db: s.db.db });
const outcome = (status: RunOutcome["status"]): RunOutcome => ({
  status,
  exitCode: status === "completed" ? 0 : null,
  error: null,
  stdoutTail: "",
  stderrTail: "",
  resumableFrom: null,
});
async function force(id: string, set: ReturnType<typeof sql>) {
  await s.db.db.execute(sql`UPDATE runs SET ${set} WHERE id = ${id}`);
}

describe("run state machine through the API", () => {
  it("cancel: pending → cancelled at once; a terminal run answers 409 (problem JSON)", async () => {
    const id = await parked();
    const res = await cancel(id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "cancelled", message: "Run cancelled" });
    expect(res.body.completed_at).not.toBeNull();
    const again = await cancel(id);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409, title: expect.any(String) });
    expect(again.body.detail).toMatch(/terminal state: cancelled/);
  });

  it("cancel of a completed or failed run → 409, and the run is unchanged", async () => {
    const ok = await submit(s.api, { trainer_options: { lines: 2 } });
    const bad = await submit(s.api, { trainer_options: { lines: 5, crash_at: 2 } });
    for (const [id, status] of [
      [ok, "completed"],
      [bad, "failed"],
    ] as const) {
      const before = await waitStatus(s.api, id, (x) => isTerminalStatus(x));
      expect(before.status).toBe(status);
      const res = await cancel(id);
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain(status);
      const after = await detail(id);
      expect({ status: after.status, completed_at: after.completed_at }).toEqual({
        status: before.status,
        completed_at: before.completed_at,
      });
    }
  });

  it("cancel is idempotent on cancel_requested; retry of a running or cancel_requested run → 409", async () => {
    // Long enough to still be running under any load; cancel ends it (SIGKILL after the 1 s grace).
    const id = await submit(s.api, {
      trainer_options: { lines: 1000, interval_ms: 20, ignore_sigterm: true },
    });
    await waitLine(s.api, id, /^line 2 /);
    const running = await retry(id);
    expect(running.status).toBe(409);
    expect(running.body.detail).toMatch(/still running/);
    const first = await cancel(id);
    const second = await cancel(id);
    const third = await cancel(id);
    expect([first, second, third].map((r) => [r.status, r.body.status])).toEqual([
      [200, "cancel_requested"],
      [200, "cancel_requested"],
      [200, "cancel_requested"],
    ]);
    expect((await retry(id)).status).toBe(409);
    const end = await waitStatus(s.api, id, (x) => isTerminalStatus(x));
    expect(end.status).toBe("cancelled");
    repeatedCancel = id;
  });

  it("fixed bug — each repeated cancel request, and each 1 s cancel check, sends the trainer another SIGTERM", async () => {
    // The trainer of the run above ignored SIGTERM for ~2 s while it was asked three times. A
    // trainer saving its checkpoint in a SIGTERM handler must get one SIGTERM, then SIGKILL.
    const lines = (await s.api(`/api/tunix/runs/${repeatedCancel}/logs?follow=false`)).body.lines.map(
      (l: { line: string }) => l.line,
    );
    const count = (f: (l: string) => boolean) => lines.filter(f).length;
    expect({
      sigtermsReceived: count((l: string) => l === "ignoring SIGTERM"),
      sigtermNotes: count((l: string) => l.includes("cancel: sending SIGTERM")),
    }).toEqual({ sigtermsReceived: 1, sigtermNotes: 1 });
  });

  it("retry: pending → 409; terminal → a new pending run (retry_of); resume without a checkpoint → 409", async () => {
    const pending = await parked();
    expect((await retry(pending)).status).toBe(409);
    await cancel(pending);
    const again = await retry(pending);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ status: "pending", retry_of: pending, attempt: 0 });
    expect(again.body.run_id).not.toBe(pending);
    expect((await retry(pending, { resume: true })).status).toBe(409);
    expect((await cancel(again.body.run_id)).body.status).toBe("cancelled");
  });

  it("unknown or malformed run ids → 404", async () => {
    for (const id of ["01900000-0000-7000-8000-000000000000", "not-a-uuid"]) {
      expect((await retry(id)).status).toBe(404);
      for (const p of ["", "/status", "/logs", "/logs.txt", "/metrics"])
        expect((await s.api(`/api/tunix/runs/${id}${p}`)).status, `${id}${p}`).toBe(404);
    }
    expect((await cancel("01900000-0000-7000-8000-000000000000")).status).toBe(404);
  });

  it("fixed bug — cancel of a malformed run id answers 500 instead of 404", async () => {
    // routes/runs.ts evaluates runDir(runId) (which throws a plain Error) before cancelRun looks the run up.
    const res = await cancel("not-a-uuid");
    expect(res.status).toBe(404);
  });
});

describe("run state machine on the database side", () => {
  it("finishRun: only the holding worker, only from states that allow the outcome", async () => {
    const id = await parked();
    expect(await finishRun(deps(), id, "nobody", outcome("completed"))).toBe(false); // pending → completed
    await force(
      id,
      sql`status = 'running', worker_id = 'ghost', attempt = 1, lease_expires_at = now() + interval '1 hour'`,
    );
    expect(await finishRun(deps(), id, "other-worker", outcome("completed"))).toBe(false);
    expect((await detail(id)).status).toBe("running");
    expect(await finishRun(deps(), id, "ghost", outcome("completed"))).toBe(true);
    expect(await detail(id)).toMatchObject({ status: "completed", exit_code: 0 });
    // Terminal is final: nothing moves it again.
    expect(await finishRun(deps(), id, "ghost", outcome("failed"))).toBe(false);
    expect((await cancel(id)).status).toBe(409);
    expect((await detail(id)).status).toBe("completed");
  });

  it("a cancel_requested run may still end completed or failed (the trainer finished first)", async () => {
    const id = await parked();
    await force(
      id,
      sql`status = 'cancel_requested', worker_id = 'ghost', attempt = 1, lease_expires_at = now() + interval '1 hour'`,
    );
    expect(await finishRun(deps(), id, "ghost", outcome("completed"))).toBe(true);
    expect((await detail(id)).status).toBe("completed");
  });

  it("recoverLostRuns: only lapsed leases; requeue while attempts remain, else worker_lost; cancel_requested → cancelled", async () => {
    const fresh = await parked();
    const lost = await parked();
    const requeue = await parked();
    const cancelling = await parked();
    const ghost = (attempt: number, max: number, status = "running", lease = "- interval '1 second'") =>
      sql.raw(
        `status = '${status}', worker_id = 'ghost', attempt = ${attempt}, max_attempts = ${max}, lease_expires_at = now() ${lease}`,
      );
    await force(fresh, ghost(1, 1, "running", "+ interval '1 hour'"));
    await force(lost, ghost(1, 1));
    await force(requeue, ghost(1, 2));
    await force(cancelling, ghost(1, 1, "cancel_requested"));
    const recovered = await recoverLostRuns(deps());
    const mine = recovered.filter((r) => [fresh, lost, requeue, cancelling].includes(r.id));
    expect(Object.fromEntries(mine.map((r) => [r.id, r.status]))).toEqual({
      [lost]: "failed",
      [requeue]: "pending",
      [cancelling]: "cancelled",
    });
    expect(await detail(fresh)).toMatchObject({ status: "running", worker_id: "ghost" });
    expect(await detail(lost)).toMatchObject({ status: "failed", error: "worker_lost", attempt: 1 });
    expect(await detail(requeue)).toMatchObject({
      status: "pending",
      error: "worker_lost (requeued)",
      worker_id: null,
      completed_at: null,
    });
    expect(await detail(cancelling)).toMatchObject({ status: "cancelled", error: "worker_lost" });
    // A second pass finds nothing new.
    expect((await recoverLostRuns(deps())).filter((r) => [lost, requeue, cancelling].includes(r.id))).toEqual(
      [],
    );
    await finishRun(deps(), fresh, "ghost", outcome("failed"));
    await cancel(requeue);
  });

  it("fixed bug — a worker dying between storing a log batch and advancing last_seq makes the next attempt lose lines", async () => {
    // appendLogs is two statements (INSERT lines, then UPDATE runs.last_seq). This is the state a
    // crash (or a pause, see worker-pause.test.ts) between them leaves: lines 2–3 stored, last_seq 1.
    const id = await submit(s.api, { labels: ["held"], max_attempts: 2, trainer_options: { lines: 3 } });
    const t = new Date().toISOString();
    await s.db.db.execute(sql`INSERT INTO run_logs (run_id, seq, stream, line, t) VALUES
      (${id}, 1, 'stdout', 'attempt 1: first', ${t}), (${id}, 2, 'stdout', 'attempt 1: second', ${t}),
      (${id}, 3, 'stdout', 'attempt 1: third', ${t})`);
    await force(
      id,
      sql`status = 'running', worker_id = 'ghost', attempt = 1, last_seq = 1,
      lease_expires_at = now() - interval '1 second', labels = '[]'::jsonb`,
    );
    await recoverLostRuns(deps());
    const done = await waitStatus(s.api, id, (x) => isTerminalStatus(x), 15_000);
    expect(done).toMatchObject({ status: "completed", attempt: 2 });
    const lines: Array<{ seq: number; line: string }> = (
      await s.api(`/api/tunix/runs/${id}/logs?follow=false`)
    ).body.lines;
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.slice(0, 3).map((l) => l.line)).toEqual([
      "attempt 1: first",
      "attempt 1: second",
      "attempt 1: third",
    ]);
    // Attempt 2's own first lines must not be swallowed by ON CONFLICT DO NOTHING.
    expect(lines.some((l) => /^\[tunix-rt\] attempt 2 on worker /.test(l.line))).toBe(true);
    expect(lines.some((l) => /^\[tunix-rt\] data: /.test(l.line))).toBe(true);
  });

  it("every stored run satisfies the state invariants", async () => {
    expect(await assertRunInvariants((q) => queryRows(s.db.db, sql.raw(q)))).toBeGreaterThan(10);
  });
});
