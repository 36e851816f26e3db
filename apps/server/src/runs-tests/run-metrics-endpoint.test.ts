import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSmallDataset, isTerminalStatus, startRunServer, waitForRun } from "../run-testing.js";

let s: Awaited<ReturnType<typeof startRunServer>>;
beforeAll(async () => {
  s = await startRunServer();
  await buildSmallDataset(s.api, "m");
});
afterAll(() => s.close());

describe("/metrics for runs", () => {
  it("reports runs by status, queue depth, live workers, wait and run durations, log lines", async () => {
    const res = await s.api("/api/tunix/run?mode=async", {
      method: "POST",
      json: {
        dataset_key: "m-v1",
        model_id: "t",
        trainer: "fixture",
        dry_run: false,
        trainer_options: { lines: 7 },
      },
    });
    await waitForRun(s.api, res.body.run_id, isTerminalStatus);
    // A dry run starts nothing: counted apart, never as a completed run.
    const dry = await s.api("/api/tunix/run", {
      method: "POST",
      json: { dataset_key: "m-v1", model_id: "t" },
    });
    expect(dry.body).toMatchObject({ mode: "dry-run", status: "completed" });
    const text = (await s.api("/metrics")).body as string;
    expect(text).toMatch(/tunix_runs\{status="completed"\} 1/);
    expect(text).toMatch(/tunix_dry_runs 1/);
    expect(text).toMatch(/tunix_runs\{status="pending"\} 0/);
    expect(text).toMatch(/tunix_run_queue_depth 0/);
    expect(text).toMatch(/tunix_workers_live 1/);
    expect(text).toMatch(/tunix_run_wait_seconds_count 1/);
    expect(text).toMatch(/tunix_run_duration_seconds_bucket\{le="\+Inf"\} 1/);
    const lines = Number(/tunix_run_log_lines_total (\d+)/.exec(text)![1]);
    expect(lines).toBeGreaterThanOrEqual(7);
  });
});
