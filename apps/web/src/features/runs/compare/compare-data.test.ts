import type { RunComparison } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { metricNames, overlay, runLabel, shortIds } from "./compare-data";

describe("overlaying runs", () => {
  it("puts every run on the union of their steps, null where a run logged nothing", () => {
    const a = [
      { step: 10, value: 1 },
      { step: 20, value: 0.5 },
    ];
    const b = [
      { step: 15, value: 2 },
      { step: 20, value: 1 },
      { step: 30, value: 0.8 },
    ];
    expect(overlay([a, b, undefined])).toEqual([
      [10, 15, 20, 30],
      [1, null, 0.5, null],
      [null, 2, 1, 0.8],
      [null, null, null, null],
    ]);
  });

  it("names a run by its short id and the first settings that differ", () => {
    const c = {
      runs: [{ run_id: "01900000-aaaa" }, { run_id: "01900001-bbbb" }],
      params: [
        { key: "trainer", values: ["jax", "jax"], differs: false },
        { key: "dataset.build_id", values: ["x", "y"], differs: true },
        { key: "learning_rate", values: [0.004, 0.0020000001], differs: true },
        { key: "trainer_options.lines", values: [20, 40], differs: true },
        { key: "seed", values: [1, 2], differs: true },
      ],
      metrics: [],
    } as unknown as RunComparison;
    expect(runLabel(c, 0)).toBe("01900000 · learning_rate 0.004 · lines 20");
    expect(runLabel(c, 1)).toBe("01900001 · learning_rate 0.002 · lines 40");
  });

  it("keeps short ids apart when runs submitted together share their time prefix", () => {
    expect(
      shortIds([
        "01a23d09-1111-7000-8000-00000000aaaa",
        "01a23d09-2222-7000-8000-00000000bbbb",
        "01a23e00-0000",
      ]),
    ).toEqual(["01a23d09…aaaa", "01a23d09…bbbb", "01a23e00"]);
  });

  it("lists each metric once, losses first", () => {
    expect(
      metricNames([
        [{ name: "train/tokens_per_second" }, { name: "train/loss" }],
        [{ name: "eval/loss" }],
        undefined,
      ]),
    ).toEqual(["eval/loss", "train/loss", "train/tokens_per_second"]);
  });
});
