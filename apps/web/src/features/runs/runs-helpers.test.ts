import type { ArtifactEntry } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { artifactTree, visibleNodes } from "./artifacts/artifact-tree";
import { between, formatDuration } from "./duration";
import { configPaths } from "./list/run-columns";
import {
  addLivePoints,
  downsample,
  ema,
  formatValue,
  groupSeries,
  type LivePoints,
  mergeSeries,
  parentPart,
  resumedFrom,
  unitOf,
} from "./metrics/series";
import { runFiltersFromParams, runFiltersToParams, runListQuery } from "./run-filters";

const entry = (path: string, type: "file" | "dir" = "file"): ArtifactEntry => ({
  path,
  name: path.slice(path.lastIndexOf("/") + 1),
  type,
  size: 1,
  modified_at: "2025-01-01T00:00:00.000Z",
  sha256: null,
});

describe("artifact tree", () => {
  const entries = [
    entry("checkpoints", "dir"),
    entry("checkpoints/10", "dir"),
    entry("checkpoints/10/step.txt"),
    entry("checkpoints/2", "dir"),
    entry("checkpoints/2/step.txt"),
    entry("metrics.jsonl"),
    entry("run.json"),
  ];
  it("nests by path, directories first, numbers in natural order", () => {
    const roots = artifactTree(entries);
    expect(roots.map((n) => n.entry.path)).toEqual(["checkpoints", "metrics.jsonl", "run.json"]);
    expect(roots[0]!.children.map((n) => n.entry.path)).toEqual(["checkpoints/2", "checkpoints/10"]);
    expect(roots[0]!.children[0]!.depth).toBe(1);
  });
  it("shows top-level directories open and deeper ones closed until toggled", () => {
    const roots = artifactTree(entries);
    expect(visibleNodes(roots, new Set()).map((n) => n.entry.path)).toEqual([
      "checkpoints",
      "checkpoints/2",
      "checkpoints/10",
      "metrics.jsonl",
      "run.json",
    ]);
    expect(visibleNodes(roots, new Set(["checkpoints/10"])).map((n) => n.entry.path)).toContain(
      "checkpoints/10/step.txt",
    );
    expect(visibleNodes(roots, new Set(["checkpoints"])).map((n) => n.entry.path)).toEqual([
      "checkpoints",
      "metrics.jsonl",
      "run.json",
    ]);
  });
});

describe("metric series", () => {
  it("merges live points into the fetched ones by step, counting the new ones", () => {
    const live: LivePoints = new Map();
    addLivePoints(live, [
      { name: "train/loss", step: 2, value: 5 },
      { name: "train/loss", step: 3, value: 3 },
      { name: "eval/acc", step: 3, value: 0.5 },
    ]);
    addLivePoints(live, [{ name: "train/loss", step: 3, value: 3 }]);
    const merged = mergeSeries(
      [
        {
          name: "train/loss",
          points: [
            { step: 1, value: 10 },
            { step: 2, value: 5 },
          ],
          total_points: 2,
        },
      ],
      live,
    );
    expect(merged.map((s) => s.name)).toEqual(["train/loss", "eval/acc"]);
    expect(merged[0]!.points).toEqual([
      { step: 1, value: 10 },
      { step: 2, value: 5 },
      { step: 3, value: 3 },
    ]);
    expect(merged[0]!.total).toBe(3);
    expect(merged[1]!.total).toBe(1);
  });

  it("downsamples to each bucket's extremes, keeping spikes", () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({ step: i, value: i === 5000 ? 100 : 1 }));
    const out = downsample(points, 100);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.some((p) => p.value === 100)).toBe(true);
    expect(out.map((p) => p.step)).toEqual([...out.map((p) => p.step)].sort((a, b) => a - b));
    expect(downsample(points.slice(0, 50), 100)).toHaveLength(50);
  });

  it("labels values short", () => {
    expect(formatValue(0.08333)).toBe("0.0833");
    expect(formatValue(12345)).toBe("12,345");
    expect(formatValue(2e-5)).toBe("2.00e-5");
    expect(formatValue(0)).toBe("0");
  });

  it("draws train and eval of one measure together, the rest alone", () => {
    const s = (name: string) => ({ name, points: [], total: 0 });
    const groups = groupSeries([
      s("eval/loss"),
      s("train/loss"),
      s("train/tokens_per_second"),
      s("loss_alone"),
    ]);
    expect(groups.map((g) => [g.name, g.series.map((x) => x.name)])).toEqual([
      ["loss", ["train/loss", "eval/loss"]],
      ["train/tokens_per_second", ["train/tokens_per_second"]],
      ["loss_alone", ["loss_alone"]],
    ]);
  });

  it("smooths with a debiased moving average, and leaves raw alone at 0", () => {
    const pts = [
      { step: 1, value: 10 },
      { step: 2, value: 0 },
      { step: 3, value: 10 },
    ];
    expect(ema(pts, 0)).toBe(pts);
    const smooth = ema(pts, 0.5).map((p) => Number(p.value.toFixed(4)));
    // Debiased: the first point is itself, not half of it.
    expect(smooth).toEqual([10, 3.3333, 7.1429]);
  });

  it("joins a resumed run's curve to its parent's, up to the step it resumed from", () => {
    expect(resumedFrom({ resume_from: { run_id: "p", checkpoint: "checkpoints/20" } })).toEqual({
      run_id: "p",
      step: 20,
    });
    expect(resumedFrom({ resume_from: { run_id: "p", checkpoint: null } })).toEqual({
      run_id: "p",
      step: null,
    });
    expect(resumedFrom({ resume_from: null })).toBeNull();
    const pts = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => ({ step: from + i, value: 1 }));
    const parent = [
      { name: "train/loss", points: pts(1, 30), total: 30 },
      { name: "eval/loss", points: pts(25, 30), total: 6 },
    ];
    const child = [{ name: "train/loss", points: pts(21, 40), total: 20 }];
    expect(parentPart(parent, child, 20).map((s) => [s.name, s.points.length])).toEqual([["train/loss", 20]]);
    // "Its latest checkpoint": up to where this run's own points begin.
    expect(parentPart(parent, child, null).map((s) => [s.name, s.points.at(-1)!.step])).toEqual([
      ["train/loss", 21],
      ["eval/loss", 30],
    ]);
  });

  it("knows the usual units", () => {
    expect(
      ["train/tokens_per_second", "eval/items_per_second", "train/loss", "eval/accuracy"].map(unitOf),
    ).toEqual(["tokens/s", "items/s", "", "fraction"]);
  });
});

describe("run filters", () => {
  it("round-trip through the URL, defaults left out, unknown values ignored", () => {
    const f = runFiltersFromParams(new URLSearchParams("status=running&dataset=a-v1&mode=all&x=1"));
    expect(f).toEqual({
      status: "running",
      dataset: "a-v1",
      trainer: "",
      label: "",
      mode: "all",
      sort: "-created_at",
    });
    expect(runFiltersToParams(f, new URLSearchParams("x=1")).toString()).toBe(
      "x=1&status=running&dataset=a-v1&mode=all",
    );
    expect(runFiltersToParams({ ...f, sort: "metric:eval/loss" }).get("sort")).toBe("metric:eval/loss");
    expect(runFiltersFromParams(new URLSearchParams("status=bogus&mode=bogus"))).toMatchObject({
      status: "",
      mode: "local",
    });
    expect(runListQuery({ ...f, mode: "local" })).toEqual({
      status: "running",
      dataset_key: "a-v1",
      trainer: undefined,
      label: undefined,
      mode: "local",
      sort: "-created_at",
    });
    expect(runListQuery(f).mode).toBeUndefined();
  });
});

describe("run list columns", () => {
  it("offers every leaf of a config as a dotted path", () => {
    expect(
      configPaths({ learning_rate: 0.1, trainer_options: { lora: { rank: 8 }, init: "random" }, tags: [1] }),
    ).toEqual(["learning_rate", "trainer_options.lora.rank", "trainer_options.init", "tags"]);
  });
});

describe("durations", () => {
  it("reads short and unambiguous", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(12_400)).toBe("12 s");
    expect(formatDuration(4_250)).toBe("4.3 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration(7_620_000)).toBe("2 h 07 min");
    expect(between("2025-01-01T00:00:00Z", "2025-01-01T00:00:02Z")).toBe(2000);
    expect(between(null, null)).toBeNull();
  });
});
