import { describe, expect, it } from "vitest";
import { compareParams, flattenConfig, metricDirection } from "./compare-runs.js";

describe("comparing runs' settings", () => {
  it("flattens nested settings to dotted keys and lists to their JSON", () => {
    const flat = flattenConfig({
      lr: 0.1,
      trainer_options: { lora: true, dims: { r: 4 } },
      eval_sets: ["a"],
      x: null,
    });
    expect(Object.fromEntries(flat)).toEqual({
      lr: 0.1,
      "trainer_options.lora": true,
      "trainer_options.dims.r": 4,
      eval_sets: '["a"]',
      x: null,
    });
  });

  it("marks a setting as differing when any run has another value or none", () => {
    const params = compareParams([{ a: 1, b: 2 }, { a: 1, b: 3 }, { a: 1 }]);
    expect(params).toEqual([
      { key: "a", values: [1, 1, 1], differs: false },
      { key: "b", values: [2, 3, null], differs: true },
    ]);
  });

  it("knows which way the usual metrics improve", () => {
    expect(
      ["train/loss", "eval/perplexity", "eval/accuracy", "train/tokens_per_second", "train/grad_norm"].map(
        metricDirection,
      ),
    ).toEqual(["lower", "lower", "higher", "higher", null]);
  });
});
