import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTerminalStatus, startRunServer, waitForLog, waitForRun } from "../run-testing.js";

let s: Awaited<ReturnType<typeof startRunServer>>;
beforeAll(async () => {
  s = await startRunServer();
  await s.api("/api/generators/arithmetic/generate", { method: "POST", json: { count: 30, seed: 1 } });
  await s.api("/api/datasets/build", {
    method: "POST",
    json: { dataset_name: "runs", dataset_version: "v1", source: "arithmetic", split: { val: 0.2 } },
  });
});
afterAll(() => s.close());

const submit = (over: Record<string, unknown> = {}) =>
  s.api("/api/tunix/run?mode=async", {
    method: "POST",
    json: { dataset_key: "runs-v1", model_id: "tiny", trainer: "fixture", dry_run: false, ...over },
  });

describe("run engine with the in-process worker", () => {
  it("runs a trainer to completion: logs numbered in order, metrics, checkpoints, run directory", async () => {
    const res = await submit({ trainer_options: { lines: 20, checkpoint_every: 5 }, max_steps: 20 });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe("pending");
    const run = await waitForRun(s.api, res.body.run_id, isTerminalStatus);
    expect(run).toMatchObject({
      status: "completed",
      exit_code: 0,
      mode: "local",
      attempt: 1,
      message: "Local execution completed successfully",
    });
    expect(run.resumable_from).toBe("checkpoints/20");
    expect(run.final_metrics["train/loss"]).toBeCloseTo(0.5);
    const logs = (await s.api(`/api/tunix/runs/${run.run_id}/logs?follow=false`)).body;
    expect(logs.lines.map((l: { seq: number }) => l.seq)).toEqual(
      logs.lines.map((_: unknown, i: number) => i + 1),
    );
    expect(logs.lines.filter((l: { line: string }) => l.line.startsWith("line ")).length).toBe(20);
    const dir = run.output_dir;
    const runJson = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    expect(runJson).toMatchObject({
      run_id: run.run_id,
      trainer: "fixture",
      max_steps: 20,
      data: { train: "data/train.jsonl" },
    });
    const first = JSON.parse(readFileSync(join(dir, "data/train.jsonl"), "utf8").split("\n")[0]!);
    expect(first.prompt).toMatch(/^<start_of_turn>user\n/);
    expect(first.completion).toMatch(/<end_of_turn>$/);
    expect(existsSync(join(dir, "data/val.jsonl"))).toBe(true);
    const metrics = (await s.api(`/api/tunix/runs/${run.run_id}/metrics`)).body;
    expect(metrics.series[0]).toMatchObject({ name: "train/loss", total_points: 20 });
  });

  it("records a crash as failed with its exit code and stderr tail", async () => {
    const res = await submit({ trainer_options: { lines: 10, crash_at: 3 } });
    const run = await waitForRun(s.api, res.body.run_id, isTerminalStatus);
    expect(run).toMatchObject({ status: "failed", exit_code: 3, error: "exit code 3" });
    expect(run.stderr).toContain("crashing at line 3");
  });

  it("cancels a pending run at once and a running one with SIGTERM, keeping its checkpoint", async () => {
    const res = await submit({ trainer_options: { lines: 1000, interval_ms: 20, checkpoint_every: 1000 } });
    await waitForLog(s.api, res.body.run_id, (l) => l.startsWith("line 5 "));
    const cancel = await s.api(`/api/tunix/runs/${res.body.run_id}/cancel`, { method: "POST" });
    expect(["cancel_requested", "cancelled"]).toContain(cancel.body.status);
    const run = await waitForRun(s.api, res.body.run_id, isTerminalStatus);
    expect(run.status).toBe("cancelled");
    expect(run.resumable_from).toMatch(/^checkpoints\/\d+$/);
    expect((await s.api(`/api/tunix/runs/${res.body.run_id}/cancel`, { method: "POST" })).status).toBe(409);
  });

  it("escalates to SIGKILL when the trainer ignores SIGTERM", async () => {
    const res = await submit({ trainer_options: { lines: 100000, interval_ms: 10, ignore_sigterm: true } });
    await waitForLog(s.api, res.body.run_id, (l) => l.startsWith("line "));
    await s.api(`/api/tunix/runs/${res.body.run_id}/cancel`, { method: "POST" });
    const run = await waitForRun(s.api, res.body.run_id, isTerminalStatus, 15_000);
    expect(run.status).toBe("cancelled");
    const logs = (await s.api(`/api/tunix/runs/${res.body.run_id}/logs?follow=false`)).body.lines.map(
      (l: { line: string }) => l.line,
    );
    expect(logs).toContain("ignoring SIGTERM");
    expect(logs.some((l: string) => l.includes("SIGKILL"))).toBe(true);
  });

  it("times a run out: SIGTERM, then status timeout", async () => {
    const res = await submit({ trainer_options: { lines: 100000, interval_ms: 10 }, timeout_seconds: 1 });
    const run = await waitForRun(s.api, res.body.run_id, isTerminalStatus, 15_000);
    expect(run.status).toBe("timeout");
    expect(run.message).toBe("Local execution timed out");
  });

  it("retries with resume from the last checkpoint", async () => {
    const first = await submit({ trainer_options: { lines: 1000, interval_ms: 10, checkpoint_every: 1000 } });
    await waitForLog(s.api, first.body.run_id, (l) => l.startsWith("line 5 "));
    await s.api(`/api/tunix/runs/${first.body.run_id}/cancel`, { method: "POST" });
    const cancelled = await waitForRun(s.api, first.body.run_id, isTerminalStatus);
    const savedStep = Number(cancelled.resumable_from.split("/")[1]);
    const retry = await s.api(`/api/tunix/runs/${first.body.run_id}/retry`, {
      method: "POST",
      json: { resume: true },
    });
    expect(retry.status).toBe(202);
    expect(retry.body.retry_of).toBe(first.body.run_id);
    // The retry keeps the same trainer options, so stop it once it has shown where it resumed.
    const resumed = await waitForLog(s.api, retry.body.run_id, (l) => l.startsWith("resuming"));
    expect(resumed.line).toBe(`resuming from step ${savedStep}`);
    await s.api(`/api/tunix/runs/${retry.body.run_id}/cancel`, { method: "POST" });
    await waitForRun(s.api, retry.body.run_id, isTerminalStatus);
  });

  it("validates submissions: unknown dataset 404, bad values 422 naming each field, unknown trainer 422", async () => {
    expect((await submit({ dataset_key: "nope-v1" })).status).toBe(404);
    const bad = await submit({ learning_rate: -1, batch_size: 0, labels: ["has space"] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "batch_size",
      "labels/0",
      "learning_rate",
    ]);
    const unknown = await submit({ trainer: "nonexistent" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe("trainer");
    // Without a model too: the unknown trainer is the problem to name, not its missing preset.
    expect((await submit({ trainer: "nonexistent", model_id: undefined })).body.errors).toEqual([
      { field: "trainer", message: expect.stringMatching(/^must be one of: .*fixture.*jax/) },
    ]);
  });

  it("takes model and learning rate from the trainer's preset when a request leaves them out", async () => {
    const dry = (over: Record<string, unknown>) =>
      s.api("/api/tunix/run", { method: "POST", json: { dataset_key: "runs-v1", ...over } });
    const jax = await dry({ trainer: "jax" });
    expect(jax.status).toBe(200);
    expect([jax.body.model_id, jax.body.config.learning_rate]).toEqual(["tiny", 2e-3]);
    const tunix = await dry({ trainer: "tunix", learning_rate: 1e-4 });
    expect([tunix.body.model_id, tunix.body.config.learning_rate]).toEqual(["gemma-3-1b-it", 1e-4]);
    // A trainer without a preset needs a model; its learning rate falls back to 2e-5.
    const fixture = await dry({ trainer: "fixture" });
    expect(fixture.status).toBe(422);
    expect(fixture.body.errors).toEqual([
      { field: "model_id", message: "required: trainer fixture has no default model" },
    ]);
    expect((await dry({ trainer: "fixture", model_id: "m" })).body.config.learning_rate).toBe(2e-5);
  });

  it("dry-runs without starting a process, reporting each finding", async () => {
    const res = await s.api("/api/tunix/run", {
      method: "POST",
      json: { dataset_key: "runs-v1", model_id: "tiny", trainer: "fixture", max_seq_length: 40 },
    });
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe("dry-run");
    expect(res.body.status).toBe("completed");
    const checks = Object.fromEntries(
      res.body.findings.map((f: { check: string; ok: boolean; message: string }) => [f.check, f]),
    );
    expect(checks.trainer.ok).toBe(true);
    expect(checks["token budget"].message).toMatch(/would be truncated/);
    expect(existsSync(join(s.dataDir, "runs", res.body.run_id))).toBe(false);
  });

  it("lists runs with filters and lists the in-process worker", async () => {
    const list = (await s.api("/api/tunix/runs?status=failed")).body;
    expect(list.data.length).toBeGreaterThan(0);
    expect(list.data.every((r: { status: string }) => r.status === "failed")).toBe(true);
    const workers = (await s.api("/api/workers")).body.data;
    expect(workers[0].alive).toBe(true);
    expect(workers[0].trainers).toContain("fixture");
  });
});
