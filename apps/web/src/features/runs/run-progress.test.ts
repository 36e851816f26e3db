import { describe, expect, it } from "vitest";
import { progressFraction, progressText } from "./run-progress";

const running = (step: number, total: number | null, rate: number | null, eta: number | null) => ({
  queue_position: null,
  progress: { step, total_steps: total, steps_per_second: rate, eta_seconds: eta },
});

describe("a live run in words", () => {
  it("says the step of max_steps, the rate and the time left", () => {
    expect(progressText(running(120, 600, 3.14, 155))).toBe("step 120 / 600 · 3.1 steps/s · ETA 2 min 35 s");
    expect(progressFraction(running(120, 600, 3.14, 155))).toBeCloseTo(0.2);
  });

  it("leaves out what is not known yet", () => {
    expect(progressText(running(0, 600, null, null))).toBe("step 0 / 600");
    expect(progressText(running(40, null, 12.5, null))).toBe("step 40 · 13 steps/s");
    expect(progressFraction(running(40, null, 12.5, null))).toBeNull();
  });

  it("gives a pending run its place in the queue", () => {
    const at = (n: number) => progressText({ progress: null, queue_position: n });
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(at)).toEqual([
      "next in the queue",
      "2nd in the queue",
      "3rd in the queue",
      "4th in the queue",
      "11th in the queue",
      "12th in the queue",
      "13th in the queue",
      "21st in the queue",
      "22nd in the queue",
      "101st in the queue",
      "111th in the queue",
    ]);
  });

  it("says nothing for a run that is neither", () => {
    expect(progressText({ progress: null, queue_position: null })).toBeNull();
  });
});
