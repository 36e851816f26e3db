import { describe, expect, it } from "vitest";
import { highlightParts, LogBuffer, LogFilter, type LogLine, visibleRange } from "./log-buffer";

const line = (seq: number, text = `line ${seq}`, stream: "stdout" | "stderr" = "stdout"): LogLine => ({
  seq,
  stream,
  line: text,
  t: "2025-01-01T00:00:00.000Z",
});

describe("LogBuffer", () => {
  it("keeps each seq once, in order, whatever is replayed", () => {
    const b = new LogBuffer();
    expect(b.append([line(1), line(2), line(3)])).toBe(3);
    expect(b.append([line(2), line(3), line(4)])).toBe(1);
    expect(b.append([line(4)])).toBe(0);
    expect(b.lines.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
    expect(b.lastSeq).toBe(4);
  });

  it("changes version only when something was added", () => {
    const b = new LogBuffer();
    b.append([line(1)]);
    const v = b.version;
    b.append([line(1)]);
    expect(b.version).toBe(v);
    b.append([line(2)]);
    expect(b.version).toBe(v + 1);
  });

  it("drops the oldest lines past its limit, and counts them", () => {
    const b = new LogBuffer(100);
    b.append(Array.from({ length: 101 }, (_, i) => line(i + 1)));
    expect(b.size).toBe(90);
    expect(b.dropped).toBe(11);
    expect(b.lines[0]!.seq).toBe(12);
    expect(b.lastSeq).toBe(101);
  });
});

describe("LogFilter", () => {
  it("matches case-insensitively and extends incrementally as lines arrive", () => {
    const b = new LogBuffer();
    const f = new LogFilter();
    b.append([line(1, "loss 0.5"), line(2, "eval"), line(3, "LOSS 0.4", "stderr")]);
    expect(f.update(b, "loss", false)).toEqual([0, 2]);
    const before = f.matches;
    b.append([line(4, "loss 0.3")]);
    const after = f.update(b, "loss", false);
    expect(after).toEqual([0, 2, 3]);
    expect(after).not.toBe(before);
    expect(f.update(b, "loss", true)).toEqual([2]);
    expect(f.update(b, "", true)).toEqual([2]);
    expect(f.update(b, "nothing", false)).toEqual([]);
  });

  it("starts over when the buffer dropped lines (the indexes moved)", () => {
    const b = new LogBuffer(10);
    const f = new LogFilter();
    b.append(Array.from({ length: 10 }, (_, i) => line(i + 1, i % 2 ? "odd" : "even")));
    expect(f.update(b, "odd", false)).toHaveLength(5);
    b.append([line(11, "odd")]);
    const m = f.update(b, "odd", false);
    expect(m.map((i) => b.lines[i]!.line)).toEqual(Array(m.length).fill("odd"));
    expect(m.map((i) => b.lines[i]!.seq)).toEqual(b.lines.filter((l) => l.line === "odd").map((l) => l.seq));
  });
});

describe("highlightParts", () => {
  it("cuts the matches out, keeping the original case", () => {
    expect(highlightParts("Step 1 step 2", "STEP")).toEqual([
      { text: "Step", match: true },
      { text: " 1 ", match: false },
      { text: "step", match: true },
      { text: " 2", match: false },
    ]);
    expect(highlightParts("abc", "")).toEqual([{ text: "abc", match: false }]);
  });
});

describe("visibleRange", () => {
  it("covers the window with overscan, clamped to the rows there are", () => {
    expect(visibleRange(0, 400, 20, 100_000, 10)).toEqual({ first: 0, last: 30 });
    expect(visibleRange(20_000, 400, 20, 100_000, 10)).toEqual({ first: 990, last: 1030 });
    expect(visibleRange(1_999_600, 400, 20, 100_000, 10)).toEqual({ first: 99_970, last: 100_000 });
    expect(visibleRange(0, 400, 20, 0)).toEqual({ first: 0, last: 0 });
  });
});
