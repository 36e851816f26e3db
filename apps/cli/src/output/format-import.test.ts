import { describe, expect, it } from "vitest";
import { formatImportSummary, formatRejected } from "./format-import.js";

const base = {
  received_count: 4,
  created_count: 2,
  skipped_count: 1,
  rejected_count: 1,
  rejected_truncated: false,
};

describe("formatImportSummary", () => {
  it("prints the counts and each rejected line with field and reason", () => {
    const lines = formatImportSummary(
      {
        ...base,
        rejected: [
          { line: 3, errors: [{ field: "steps/0/content", message: "must be at least 1 character" }] },
        ],
      },
      "line",
    );
    expect(lines[0]).toBe("received 4 lines: 2 created, 1 skipped as duplicates, 1 rejected");
    expect(lines).toContain("  line 3: steps/0/content: must be at least 1 character");
  });

  it("leaves out the '(line)' pseudo-field and says when the list was cut", () => {
    const lines = formatImportSummary(
      {
        ...base,
        rejected_count: 1500,
        rejected_truncated: true,
        rejected: [{ line: 7, errors: [{ field: "(line)", message: "malformed JSON: x" }] }],
      },
      "item",
    );
    expect(lines).toContain("  item 7: malformed JSON: x");
    expect(lines.at(-1)).toBe("  … and 1,499 more rejected items (the server reports the first 1)");
  });

  it("gives one line per field error", () => {
    const out = formatRejected(
      {
        line: 2,
        errors: [
          { field: "prompt", message: "a" },
          { field: "final_answer", message: "b" },
        ],
      },
      "line",
    );
    expect(out).toEqual(["line 2: prompt: a", "line 2: final_answer: b"]);
  });
});
