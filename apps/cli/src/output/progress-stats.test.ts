import { describe, expect, it } from "vitest";
import { formatCount, formatDuration, progressLine, progressStats } from "./progress-stats.js";

describe("progressStats", () => {
  it("derives the rate from lines and the ETA from bytes against the size", () => {
    const s = progressStats({ lines: 5000, bytesRead: 25, totalBytes: 100, elapsedMs: 10_000 });
    expect(s.rate).toBe(500);
    expect(s.percent).toBe(25);
    expect(s.etaSeconds).toBe(30);
  });

  it("gives no percentage or ETA without a size (stdin)", () => {
    expect(progressStats({ lines: 10, bytesRead: 999, totalBytes: null, elapsedMs: 1000 })).toEqual({
      rate: 10,
      percent: null,
      etaSeconds: null,
    });
  });

  it("does not divide by zero at the start", () => {
    expect(progressStats({ lines: 0, bytesRead: 0, totalBytes: 100, elapsedMs: 0 })).toEqual({
      rate: 0,
      percent: 0,
      etaSeconds: null,
    });
  });
});

describe("formatting", () => {
  it("formats durations and counts the same on every machine", () => {
    expect(formatDuration(5)).toBe("5s");
    expect(formatDuration(125)).toBe("2m05s");
    expect(formatDuration(3725)).toBe("1h02m");
    expect(formatDuration(null)).toBe("?");
    expect(formatCount(1234567)).toBe("1,234,567");
  });

  it("builds the status line with ETA, elapsed time, or the wait for the server", () => {
    expect(progressLine({ lines: 1000, bytesRead: 50, totalBytes: 100, elapsedMs: 2000 })).toBe(
      "1,000 lines sent | 500 lines/s | 50% | ETA 2s",
    );
    expect(progressLine({ lines: 1000, bytesRead: 50, totalBytes: null, elapsedMs: 2000 })).toBe(
      "1,000 lines sent | 500 lines/s | elapsed 2s",
    );
    expect(
      progressLine({ lines: 10, bytesRead: 1, totalBytes: 1, elapsedMs: 1000, inputDone: true }),
    ).toContain("waiting for the server");
  });
});
