import type { RunDetail, WorkerInfo } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { dispositionFilename } from "../commands/runs/download-command.js";
import {
  cleanLogLine,
  formatArtifacts,
  formatConfig,
  formatDryRun,
  formatLogLine,
  formatMetric,
  formatMetrics,
  formatRunDetail,
  formatRunDuration,
  formatRunEnd,
  formatWorkers,
  runColumns,
  runHeader,
  runRow,
  sparkline,
  summarizeSeries,
} from "./format-runs.js";
import { displayWidth } from "./text.js";

const ID = "0190c2a0-0000-7000-8000-000000000001";

function run(over: Partial<RunDetail> = {}): RunDetail {
  return {
    run_id: ID,
    kind: "train",
    name: null,
    status: "completed",
    mode: "local",
    dataset_key: "arith-v1",
    model_id: "tiny",
    trainer: "fixture",
    output_dir: "/data/runs/x",
    exit_code: 0,
    stdout: "",
    stderr: "",
    duration_seconds: 3.24,
    queued_at: "2025-01-01T10:00:00.000Z",
    started_at: "2025-01-01T10:00:00.500Z",
    completed_at: "2025-01-01T10:00:03.740Z",
    message: "Local execution completed successfully",
    error: null,
    worker_id: "w1",
    attempt: 1,
    max_attempts: 1,
    priority: 0,
    labels: [],
    config: {
      dataset_key: "arith-v1",
      learning_rate: 2e-5,
      max_steps: 20,
      trainer_options: { lines: 20 },
      dataset: { key: "arith-v1", build_id: "b1", content_hash: "4f728b1daab29a79cbd5" },
      resume_from: null,
    },
    final_metrics: { "train/loss": 0.5 },
    resumable_from: null,
    retry_of: null,
    progress: null,
    queue_position: null,
    findings: null,
    ...over,
  };
}

describe("numbers", () => {
  it("formats metric values and durations compactly", () => {
    expect(formatMetric(0.5)).toBe("0.5");
    expect(formatMetric(10)).toBe("10");
    expect(formatMetric(2 / 3)).toBe("0.6667");
    expect(formatMetric(1.23456e-7)).toBe("1.235e-7");
    expect(formatMetric(12345.678)).toBe("12350");
    expect(formatRunDuration(0.84)).toBe("0.8s");
    expect(formatRunDuration(125)).toBe("2m05s");
    expect(formatRunDuration(null)).toBe("-");
  });
});

describe("log lines", () => {
  it("marks stderr, keeps a redrawn line's last state, and neutralizes escapes", () => {
    expect(formatLogLine({ stream: "stdout", line: "hello" })).toBe("hello");
    expect(formatLogLine({ stream: "stderr", line: "oops" })).toBe("[stderr] oops");
    expect(formatLogLine({ stream: "stderr", line: "oops" }, true)).toBe("\x1b[31m[stderr] oops\x1b[39m");
    expect(cleanLogLine(" 10%|#  \r 50%|#####  \r100%|##########")).toBe("100%|##########");
    expect(cleanLogLine("\x1b[32mgreen\x1b[0m\ttab")).toBe("\uFFFD[32mgreen\uFFFD[0m  tab");
  });
});

describe("runs list", () => {
  it("lays out full ids and keeps rows within the width", () => {
    const cols = runColumns(100);
    const row = runRow(run({ mode: "dry-run", status: "failed" }), cols);
    expect(row.startsWith(`${ID}  failed (dry)`)).toBe(true);
    expect(displayWidth(runHeader(cols))).toBeLessThanOrEqual(100);
    expect(displayWidth(row)).toBeLessThanOrEqual(100);
    expect(row).toContain("2025-01-01 10:00");
    expect(row).toContain("3.2s");
    expect(runColumns(140).map((c) => c.header)).toContain("TRAINER");
    expect(runRow(run({ status: "cancel_requested" }), cols)).toContain(" cancelling ");
  });
});

describe("dry run", () => {
  it("prints each finding with ✅ or ❌", () => {
    const lines = formatDryRun(
      run({
        mode: "dry-run",
        status: "failed",
        findings: [
          { check: "dataset", ok: true, message: "arith-v1: 30 traces" },
          { check: "trainer", ok: false, message: "no live worker offers jax" },
        ],
      }),
      100,
    );
    expect(lines).toEqual([
      "dry run of arith-v1 on tiny (trainer fixture): 1 of 2 checks failed",
      "  ✅ dataset: arith-v1: 30 traces",
      "  ❌ trainer: no live worker offers jax",
    ]);
  });
});

describe("runs show", () => {
  it("shows identity, timeline, final metrics, the resume command and the config", () => {
    const text = formatRunDetail(
      run({ status: "cancelled", resumable_from: "checkpoints/20", stderr: "boom\n" }),
      100,
      " --server http://h:1",
    ).join("\n");
    expect(text).toContain(`run ${ID} cancelled`);
    expect(text).toMatch(/queued {5}2025-01-01 10:00:00/);
    expect(text).toMatch(/started {4}2025-01-01 10:00:00 · waited 0\.5s/);
    expect(text).toMatch(/cancelled {2}2025-01-01 10:00:03 · ran 3\.2s/);
    expect(text).toMatch(/train\/loss {2}0\.5/);
    expect(text).toContain(`tunix-rt runs retry ${ID} --resume --server http://h:1`);
    expect(text).toMatch(/trainer_options {2}\{"lines":20\}/);
    expect(text).toContain("Stderr (last lines)\n  boom");
  });

  it("shows the dataset and resume point of the config in words, not as JSON", () => {
    expect(
      formatConfig({
        dataset_key: "x",
        dataset: { key: "arith-v1", build_id: "b1", content_hash: "4f728b1daab29a79cbd5" },
        resume_from: { run_id: "r1", checkpoint: "checkpoints/5" },
        seed: 0,
      }),
    ).toEqual([
      ["dataset", "arith-v1 · build b1 · content hash 4f728b1daab2"],
      ["resume_from", "r1/checkpoints/5"],
      ["seed", "0"],
    ]);
  });

  it("ends a followed run with how it ended and what to do next", () => {
    expect(formatRunEnd(run())).toEqual([`run ${ID} completed in 3.2s`, "  final metrics: train/loss 0.5"]);
    expect(
      formatRunEnd(
        run({ status: "failed", error: "exit code 3", final_metrics: null, resumable_from: "checkpoints/5" }),
      ),
    ).toEqual([
      `run ${ID} failed after 3.2s: exit code 3`,
      `  checkpoint checkpoints/5 kept; resume: tunix-rt runs retry ${ID} --resume`,
    ]);
    expect(formatRunEnd(run({ status: "cancelled", started_at: null, final_metrics: null }))[0]).toBe(
      `run ${ID} cancelled before it started`,
    );
  });
});

describe("metrics", () => {
  it("sparklines scale from min to max and average into the width", () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([10, 5, 2, 1], 2)).toBe("█▁");
    expect(sparkline([3, 3, 3], 10)).toBe("▁▁▁");
    expect(sparkline([], 10)).toBe("");
  });

  it("summarizes each series: last, min at its step, max, every stored point", () => {
    const series = {
      name: "train/loss",
      points: [
        { step: 1, value: 10, t: null },
        { step: 2, value: 2, t: null },
        { step: 3, value: 3, t: null },
      ],
      total_points: 3000,
    };
    expect(summarizeSeries(series)).toEqual({
      name: "train/loss",
      last: 3,
      last_step: 3,
      min: 2,
      min_step: 2,
      max: 10,
      count: 3000,
    });
    const lines = formatMetrics({ run_id: ID, series: [series] }, 120);
    expect(lines[0]).toMatch(/^SERIES +LAST +STEP +MIN +AT STEP +MAX +POINTS +TREND$/);
    expect(lines[1]).toMatch(/^train\/loss +3 +3 +2 +2 +10 +3,000 +█▁▂$/);
    expect(lines[3]).toContain("train/loss: 3 of 3,000");
    expect(formatMetrics({ run_id: ID, series: [] }, 80)).toEqual(["no metrics recorded (yet)"]);
  });
});

describe("artifacts and workers", () => {
  it("lists artifacts with directories marked and a total of the files", () => {
    const lines = formatArtifacts(
      [
        {
          path: "checkpoints/5",
          name: "5",
          type: "dir",
          size: 1,
          modified_at: "2025-01-01T10:00:00Z",
          sha256: null,
        },
        {
          path: "checkpoints/5/step.txt",
          name: "step.txt",
          type: "file",
          size: 1,
          modified_at: "2025-01-01T10:00:00Z",
          sha256: null,
        },
        {
          path: "run.json",
          name: "run.json",
          type: "file",
          size: 2048,
          modified_at: "2025-01-01T10:00:00Z",
          sha256: null,
        },
      ],
      100,
    );
    expect(lines[0]).toMatch(/^PATH +SIZE {2}MODIFIED \(UTC\)$/);
    expect(lines[1]).toMatch(/^checkpoints\/5\/ +1 B {2}2025-01-01 10:00:00$/);
    expect(lines[3]).toMatch(/^run\.json +2\.0 KB/);
    expect(lines.at(-1)).toBe("2 files, 2.0 KB");
  });

  it("lists workers with liveness, load and heartbeat age", () => {
    const w: WorkerInfo = {
      worker_id: "w1",
      host: "gpu-1",
      kinds: ["train"],
      trainers: ["jax", "fixture"],
      labels: ["gpu"],
      concurrency: 2,
      running: 1,
      started_at: "2025-01-01T10:00:00Z",
      heartbeat_at: "2025-01-01T10:00:00Z",
      alive: true,
    };
    const lines = formatWorkers([w], 100, Date.parse("2025-01-01T10:00:03Z"));
    expect(lines[1]).toMatch(/^w1 +gpu-1 +live +1\/2 +3s ago +jax, fixture +gpu$/);
    expect(lines.at(-1)).toBe("1 live worker of 1");
  });

  it("takes a download's file name from Content-Disposition, never a path", () => {
    expect(dispositionFilename('attachment; filename="20.tar"')).toBe("20.tar");
    expect(dispositionFilename("attachment; filename=\"caf_.txt\"; filename*=UTF-8''caf%C3%A9.txt")).toBe(
      "café.txt",
    );
    expect(dispositionFilename('attachment; filename="../../etc/passwd"')).toBe("passwd");
    expect(dispositionFilename('attachment; filename=".."')).toBeNull();
    expect(dispositionFilename(null)).toBeNull();
  });
});
