import type { RunSummary } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { formatProgress, runStatusCell } from "./format-run-progress.js";

const base = { mode: "local", status: "running", progress: null, queue_position: null } as const;
const at = (over: Partial<RunSummary>) => ({ ...base, ...over }) as RunSummary;
const progress = (step: number, total: number | null, rate: number | null, eta: number | null) => ({
  step,
  total_steps: total,
  steps_per_second: rate,
  eta_seconds: eta,
});

describe("a live run on the command line", () => {
  it("puts the share of max_steps or the queue place in the list's status cell", () => {
    expect(runStatusCell(at({ progress: progress(120, 600, 3, 160) }))).toBe("running 20%");
    expect(runStatusCell(at({ progress: progress(40, null, 3, null) }))).toBe("running");
    expect(runStatusCell(at({ status: "pending", queue_position: 3 }))).toBe("pending #3");
    expect(runStatusCell(at({ status: "cancel_requested" }))).toBe("cancelling");
    expect(runStatusCell(at({ mode: "dry-run", status: "completed" }))).toBe("completed (dry)");
  });

  it("spells out progress, rate and time left for runs show", () => {
    expect(formatProgress(at({ progress: progress(120, 600, 3.14159, 155) }))).toBe(
      "step 120 of 600 (20%), 3.142 steps/s, about 2m35s left",
    );
    expect(formatProgress(at({ progress: progress(0, 600, null, null) }))).toBe("step 0 of 600 (0%)");
    expect(formatProgress(at({ status: "pending", queue_position: 1 }))).toBe("next in the queue");
    expect(formatProgress(at({ status: "pending", queue_position: 4 }))).toBe("#4 in the queue");
    expect(formatProgress(at({ status: "completed" }))).toBeNull();
  });
});
