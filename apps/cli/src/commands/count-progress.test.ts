import { afterEach, describe, expect, it, vi } from "vitest";
import { startCountProgress } from "./count-progress.js";

afterEach(() => {
  vi.useRealTimers();
});

function fakeStream() {
  const written: string[] = [];
  return { written, stream: { write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
}

describe("startCountProgress", () => {
  it("writes a plain status line every 10 s when stderr is not a terminal", () => {
    vi.useFakeTimers();
    const { written, stream } = fakeStream();
    let done = 0;
    const p = startCountProgress({
      mode: "lines",
      label: "export",
      unit: "lines",
      total: 100,
      done: () => done,
      stream,
    });
    done = 40;
    vi.advanceTimersByTime(10_000);
    expect(written).toEqual(["export: 40/100 lines | 4 lines/s | 40% | ETA 15s\n"]);
    p.stop();
    vi.advanceTimersByTime(20_000);
    expect(written).toHaveLength(1);
  });

  it("writes nothing when off (--json)", () => {
    vi.useFakeTimers();
    const { written, stream } = fakeStream();
    startCountProgress({ mode: "off", label: "x", unit: "lines", total: 1, done: () => 0, stream }).stop();
    vi.advanceTimersByTime(60_000);
    expect(written).toEqual([]);
  });
});
