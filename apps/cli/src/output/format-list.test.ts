import type { TraceSummary } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { listColumns, listHeader, listRow, nextPageHint } from "./format-list.js";
import { displayWidth } from "./text.js";

const summary = (over: Partial<TraceSummary> = {}): TraceSummary => ({
  id: "01900000-0000-7000-8000-000000000001",
  created_at: "2025-01-02T13:04:05.000Z",
  trace_version: "1.0",
  prompt_preview: "What is 2+2?\nExplain.",
  step_count: 3,
  source: "gsm8k",
  latest_score: 42.5,
  answer_preview: "4",
  scores: { baseline: 42.5, answer_match: null },
  ...over,
});

describe("list table", () => {
  it("fills the terminal width exactly, leaving the rest to the prompt", () => {
    for (const width of [80, 100, 160]) {
      const cols = listColumns([summary()], width);
      const header = listHeader(cols);
      const row = listRow(summary({ prompt_preview: "x".repeat(500) }), cols);
      expect(displayWidth(row)).toBe(width);
      expect(header.startsWith("ID")).toBe(true);
    }
  });

  it("keeps whole ids, flattens prompts and shows missing values as '-'", () => {
    const cols = listColumns([summary()], 120);
    const row = listRow(summary({ source: null, latest_score: null }), cols);
    expect(row).toContain("01900000-0000-7000-8000-000000000001");
    expect(row).toContain("What is 2+2? Explain.");
    expect(row).toMatch(/2025-01-02 13:04\s+-\s+3\s+-\s+What/);
  });

  it("sizes the source column from the first page, within bounds", () => {
    const cols = listColumns([summary({ source: "a-very-long-source-name-indeed-yes" })], 120);
    expect(cols.find((c) => c.header === "SOURCE")!.width).toBe(20);
  });

  it("hints at the next page only when there is one", () => {
    expect(nextPageHint(null)).toBeNull();
    expect(nextPageHint("abc")).toContain("--cursor abc");
  });
});
