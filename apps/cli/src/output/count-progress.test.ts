import { describe, expect, it } from "vitest";
import { countProgressLine, countStats } from "./count-progress.js";

describe("countProgressLine", () => {
  it("gives count, rate, percent and ETA against a known total", () => {
    expect(countProgressLine({ done: 4000, total: 10_000, elapsedMs: 2000 }, "traces")).toBe(
      "4,000/10,000 traces | 2,000 traces/s | 40% | ETA 3s",
    );
  });

  it("shows elapsed time without a total, and no ETA before anything is done", () => {
    expect(countProgressLine({ done: 10, total: null, elapsedMs: 65_000 }, "lines")).toBe(
      "10 lines | 0 lines/s | elapsed 1m05s",
    );
    expect(countStats({ done: 0, total: 5, elapsedMs: 0 })).toEqual({
      rate: 0,
      percent: 0,
      etaSeconds: null,
    });
    expect(countStats({ done: 7, total: 5, elapsedMs: 1000 }).percent).toBe(100);
  });
});
