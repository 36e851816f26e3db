import type { DatasetDetail, DatasetTokensResponse, RenderedExample } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import {
  ANSI,
  datasetColumns,
  datasetRow,
  describeRequest,
  formatBuildResult,
  formatDatasetDetail,
  formatExamples,
  formatPreview,
  formatSplitCounts,
  formatTokens,
  hbar,
  PLAIN,
} from "./format-dataset.js";
import { displayWidth } from "./text.js";

const tokens = (over: Partial<DatasetTokensResponse> = {}): DatasetTokensResponse => ({
  tokenizer: "gemma3",
  note: "Gemma 2 counts are approximate.",
  example_count: 10,
  total_tokens: 1000,
  prompt_tokens: 300,
  completion_tokens: 700,
  min: 50,
  max: 150,
  mean: 100,
  p50: 100,
  p90: 140,
  p99: 150,
  max_seq_length: 100,
  truncated_count: 4,
  histogram: { edges: [50, 75, 100, 125, 150], counts: [2, 4, 3, 1] },
  ...over,
});

describe("formatSplitCounts", () => {
  it("orders train, val, test, then others", () => {
    expect(formatSplitCounts({ test: 1, extra: 2, train: 1234, val: 5 })).toBe(
      "train 1,234 · val 5 · test 1 · extra 2",
    );
    expect(formatSplitCounts({})).toBe("-");
  });
});

describe("formatTokens", () => {
  it("draws the max_seq_length line above the first bin that starts at or past it", () => {
    const out = formatTokens(tokens(), 80);
    const line = out.findIndex((l) => l.includes("max_seq_length 100: longer examples are truncated"));
    expect(out[line - 1]).toMatch(/^\s+75 – 100\s+│█+.*\s4$/);
    expect(out[line + 1]).toMatch(/^\s+100 – 125\s+│/);
    expect(out).toContain("  truncated       4 examples (40.0%)");
    for (const l of out) expect(displayWidth(l)).toBeLessThanOrEqual(80);
  });

  it("marks a bin that max_seq_length falls inside, and says when every example fits", () => {
    const inside = formatTokens(tokens({ max_seq_length: 110 }), 90);
    expect(inside.some((l) => /100 – 125 .*← max_seq_length 110 falls in this bin$/.test(l))).toBe(true);
    for (const l of inside) expect(displayWidth(l)).toBeLessThanOrEqual(90);
    const fits = formatTokens(tokens({ max_seq_length: 2048, truncated_count: 0 }), 80);
    expect(fits.at(-1)).toContain("max_seq_length 2,048: every example fits");
  });

  it("scales bars to the largest bin", () => {
    expect(hbar(4, 4, 10)).toBe("██████████");
    expect(hbar(1, 4, 10)).toBe("██▌");
    expect(hbar(0, 4, 10)).toBe("");
  });
});

describe("formatExamples", () => {
  const ex: RenderedExample = {
    trace_id: "t1",
    split: "val",
    prompt: "<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n",
    completion: "Answer: 4<end_of_turn>",
    prompt_tokens: 12,
    completion_tokens: 5,
    total_tokens: 17,
  };

  it("marks masked and trained lines, plain when not on a terminal", () => {
    const out = formatExamples([ex], PLAIN);
    expect(out).toContain("  ░ <start_of_turn>model");
    expect(out).toContain("  █ Answer: 4<end_of_turn>");
    expect(out.some((l) => l.includes("trace t1 · val · 12 prompt + 5 completion = 17 tokens"))).toBe(true);
    expect(out.join("\n")).not.toContain("\u001b");
  });

  it("dims the prompt and highlights the completion with ANSI styles", () => {
    const out = formatExamples([{ ...ex, completion: "red\u001b[31m" }], ANSI).join("\n");
    expect(out).toContain("\u001b[2m<start_of_turn>user\u001b[22m");
    expect(out).toContain("\u001b[1;32mred\uFFFD[31m\u001b[22;39m");
  });
});

const detail: DatasetDetail = {
  dataset_key: "ar-v1",
  build_id: "b1",
  dataset_name: "ar",
  dataset_version: "v1",
  created_at: "2025-01-02T03:04:05.000Z",
  trace_count: 500,
  split_counts: { train: 400, val: 50, test: 50 },
  content_hash: "ab".repeat(32),
  dataset_schema_version: "1.0",
  filters: { difficulty: 2 },
  selection_strategy: "random",
  seed: 7,
  request: {
    limit: 500,
    selection_strategy: "random",
    seed: 7,
    source: "arithmetic",
    filters: { difficulty: 2 },
    min_score: 10,
    score_criteria: "baseline",
    split: { val: 0.1, test: 0.1, seed: 0 },
  },
  stats: {
    trace_count: 500,
    avg_step_count: 3,
    min_step_count: 3,
    max_step_count: 3,
    total_steps: 1500,
    total_chars: 43185,
    avg_total_chars: 86.37,
  },
  session_id: null,
  parent_dataset_id: null,
  training_run_id: null,
};

describe("dataset views", () => {
  it("describes the selection in the words of the build flags", () => {
    expect(Object.fromEntries(describeRequest(detail.request))).toEqual({
      selection: "random, limit 500, seed 7",
      filters: "source = arithmetic · baseline score ≥ 10 · meta.difficulty = 2",
      split: "val 0.1, test 0.1, split seed 0",
    });
  });

  it("shows identity, splits and statistics", () => {
    const text = formatDatasetDetail(detail, 100).join("\n");
    expect(text).toContain("dataset ar-v1");
    expect(text).toMatch(/splits\s+train 400 · val 50 · test 50/);
    expect(text).toMatch(/steps per trace\s+mean 3 · min 3 · max 3 · total 1,500/);
    expect(text).toMatch(/characters\s+mean 86\.4 per trace · total 43,185/);
  });

  it("prints build results with an openable manifest URL, and previews", () => {
    const out = formatBuildResult(
      {
        dataset_key: "ar-v1",
        build_id: "b1",
        trace_count: 500,
        split_counts: { train: 500 },
        content_hash: "h",
        manifest_path: "/api/datasets/ar-v1/manifest.json",
      },
      100,
      "http://x:1",
    );
    expect(out).toContain("  manifest      http://x:1/api/datasets/ar-v1/manifest.json");
    expect(formatPreview({ matching_count: 250, selected_count: 100 }, undefined)[0]).toBe(
      "250 traces match; a build would select 100 (the limit, 100 by default, cuts the rest)",
    );
    expect(formatPreview({ matching_count: 1, selected_count: 1 }, 5)).toEqual([
      "1 trace match; a build would select 1",
    ]);
  });

  it("lays the list out within the width with a short hash", () => {
    const cols = datasetColumns([detail], 100);
    const row = datasetRow(detail, cols);
    expect(row).toMatch(/^ar-v1\s+2025-01-02 03:04\s+500\s+train 400 · val 50 · test 50\s+abababababab$/);
    expect(displayWidth(row)).toBeLessThanOrEqual(100);
  });
});
