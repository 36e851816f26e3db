import { describe, expect, it } from "vitest";
import {
  clampLines,
  displayWidth,
  formatSigned,
  formatTimestamp,
  oneLine,
  sanitize,
  truncate,
  wrap,
} from "./text.js";

describe("displayWidth", () => {
  it("counts wide characters twice and combining marks not at all", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("日本")).toBe(4);
    expect(displayWidth("🙂")).toBe(2);
    expect(displayWidth("e\u0301")).toBe(1);
  });
});

describe("truncate", () => {
  it("keeps text that fits and ends cut text with an ellipsis within the width", () => {
    expect(truncate("hello", 5)).toBe("hello");
    expect(truncate("hello world", 6)).toBe("hello…");
    expect(displayWidth(truncate("日本語のテキスト", 7))).toBeLessThanOrEqual(7);
    expect(truncate("abc", 0)).toBe("");
  });
});

describe("wrap", () => {
  it("wraps on spaces, keeps explicit line breaks and splits over-long words", () => {
    expect(wrap("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
    expect(wrap("a\n\nb", 10)).toEqual(["a", "", "b"]);
    expect(wrap("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
    for (const line of wrap("日本語 ".repeat(20), 9)) expect(displayWidth(line)).toBeLessThanOrEqual(9);
  });
});

describe("sanitize and oneLine", () => {
  it("neutralises terminal escape sequences in trace text", () => {
    expect(sanitize("red\u001b[31m\u0007")).toBe("red\uFFFD[31m\uFFFD");
    expect(sanitize("a\r\nb\tc")).toBe("a\nb  c");
  });

  it("collapses whitespace for table cells", () => {
    expect(oneLine("  a\n  b\t c ")).toBe("a b c");
  });
});

describe("small formatters", () => {
  it("formats timestamps, signed deltas and clamped cells", () => {
    expect(formatTimestamp("2025-01-02T13:04:05.123Z")).toBe("2025-01-02 13:04:05");
    expect(formatSigned(4.5)).toBe("+4.50");
    expect(formatSigned(-0.15)).toBe("-0.15");
    expect(clampLines(["1", "2", "3", "4"], 3, 40)).toEqual(["1", "2", "… (2 more lines)"]);
  });
});
