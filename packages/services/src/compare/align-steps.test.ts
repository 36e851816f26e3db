import type { StepPair, TraceStep } from "@tunix-rt/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alignSteps } from "./align-steps.js";

const steps = (...contents: string[]): TraceStep[] =>
  contents.map((content, i) => ({ i, type: "t", content }));
const kinds = (pairs: StepPair[]) => pairs.map((p) => p.kind);

describe("alignSteps", () => {
  it("identical lists: every pair is same and there is no divergence", () => {
    const a = steps("parse", "compute", "answer");
    const r = alignSteps(a, steps("parse", "compute", "answer"));
    expect(r.pairs).toEqual([
      { kind: "same", base_index: 0, other_index: 0 },
      { kind: "same", base_index: 1, other_index: 1 },
      { kind: "same", base_index: 2, other_index: 2 },
    ]);
    expect(r.first_divergence).toBeNull();
  });

  it("compares content after trimming, collapsing whitespace and folding case; type and i are ignored", () => {
    const base: TraceStep[] = [{ i: 0, type: "parse", content: "Add 2 and 2" }];
    const other: TraceStep[] = [{ i: 9, type: "compute", content: "  add 2\n and   2 " }];
    expect(alignSteps(base, other)).toEqual({
      pairs: [{ kind: "same", base_index: 0, other_index: 0 }],
      first_divergence: null,
    });
  });

  it("an inserted step is only_other at its place; the rest stays aligned", () => {
    const r = alignSteps(steps("a", "b", "c"), steps("a", "b", "NEW", "c"));
    expect(r.pairs).toEqual([
      { kind: "same", base_index: 0, other_index: 0 },
      { kind: "same", base_index: 1, other_index: 1 },
      { kind: "only_other", base_index: null, other_index: 2 },
      { kind: "same", base_index: 2, other_index: 3 },
    ]);
    expect(r.first_divergence).toBe(2);
  });

  it("an inserted first step diverges at 0; a removed step is only_base", () => {
    expect(alignSteps(steps("a", "b"), steps("NEW", "a", "b"))).toEqual({
      pairs: [
        { kind: "only_other", base_index: null, other_index: 0 },
        { kind: "same", base_index: 0, other_index: 1 },
        { kind: "same", base_index: 1, other_index: 2 },
      ],
      first_divergence: 0,
    });
    const removed = alignSteps(steps("a", "b", "c"), steps("a", "c"));
    expect(removed.pairs).toEqual([
      { kind: "same", base_index: 0, other_index: 0 },
      { kind: "only_base", base_index: 1, other_index: null },
      { kind: "same", base_index: 2, other_index: 1 },
    ]);
    expect(removed.first_divergence).toBe(1);
  });

  it("a changed step is one changed pair between its anchors", () => {
    const r = alignSteps(steps("a", "b", "c"), steps("a", "B2", "c"));
    expect(r.pairs).toEqual([
      { kind: "same", base_index: 0, other_index: 0 },
      { kind: "changed", base_index: 1, other_index: 1 },
      { kind: "same", base_index: 2, other_index: 2 },
    ]);
    expect(r.first_divergence).toBe(1);
  });

  it("an appended step at the end", () => {
    const r = alignSteps(steps("a", "b"), steps("a", "b", "c"));
    expect(kinds(r.pairs)).toEqual(["same", "same", "only_other"]);
    expect(r.first_divergence).toBe(2);
  });

  it("disjoint lists pair position by position, the longer side's rest is one-sided", () => {
    const r = alignSteps(steps("a", "b", "c"), steps("x", "y"));
    expect(r.pairs).toEqual([
      { kind: "changed", base_index: 0, other_index: 0 },
      { kind: "changed", base_index: 1, other_index: 1 },
      { kind: "only_base", base_index: 2, other_index: null },
    ]);
    expect(r.first_divergence).toBe(0);
    expect(kinds(alignSteps(steps("x"), steps("a", "b", "c")).pairs)).toEqual([
      "changed",
      "only_other",
      "only_other",
    ]);
  });

  it("empty lists", () => {
    expect(alignSteps([], [])).toEqual({ pairs: [], first_divergence: null });
    expect(alignSteps(steps("a"), [])).toEqual({
      pairs: [{ kind: "only_base", base_index: 0, other_index: null }],
      first_divergence: 0,
    });
  });

  describe("properties", () => {
    const contents = fc.array(fc.constantFrom("a", "b", "c", "d", "e"), { maxLength: 12 });

    it("every step of both sides appears exactly once, in order; same pairs have equal content", () => {
      fc.assert(
        fc.property(contents, contents, (a, b) => {
          const { pairs, first_divergence } = alignSteps(steps(...a), steps(...b));
          const baseIdx = pairs.map((p) => p.base_index).filter((x) => x !== null);
          const otherIdx = pairs.map((p) => p.other_index).filter((x) => x !== null);
          expect(baseIdx).toEqual(a.map((_, k) => k));
          expect(otherIdx).toEqual(b.map((_, k) => k));
          for (const p of pairs) {
            if (p.kind === "same") expect(a[p.base_index!]).toBe(b[p.other_index!]);
            if (p.kind === "changed") expect(p.base_index !== null && p.other_index !== null).toBe(true);
            if (p.kind === "only_base") expect(p.other_index).toBeNull();
            if (p.kind === "only_other") expect(p.base_index).toBeNull();
          }
          const firstNotSame = pairs.findIndex((p) => p.kind !== "same");
          expect(first_divergence).toBe(firstNotSame === -1 ? null : firstNotSame);
          expect(first_divergence === null).toBe(a.length === b.length && a.every((x, k) => x === b[k]));
        }),
        { numRuns: 300 },
      );
    });

    it("the number of same pairs is the longest common subsequence", () => {
      const lcs = (a: string[], b: string[]): number => {
        const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
        for (let i = a.length - 1; i >= 0; i--)
          for (let j = b.length - 1; j >= 0; j--)
            t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
        return t[0]![0]!;
      };
      fc.assert(
        fc.property(contents, contents, (a, b) => {
          const same = alignSteps(steps(...a), steps(...b)).pairs.filter((p) => p.kind === "same").length;
          expect(same).toBe(lcs(a, b));
        }),
        { numRuns: 300 },
      );
    });
  });
});
