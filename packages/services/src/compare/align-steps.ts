import type { StepPair, TraceStep } from "@tunix-rt/contracts";
import { lcsPairs } from "./lcs.js";

const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * Aligns two step lists: identical steps (by normalised content, in order) are paired as "same";
 * the unmatched steps between two anchors are paired position by position as "changed", and
 * whatever is left over on one side is "only_base"/"only_other".
 */
export function alignSteps(
  base: readonly TraceStep[],
  other: readonly TraceStep[],
): { pairs: StepPair[]; first_divergence: number | null } {
  const anchors = lcsPairs(
    base.map((s) => norm(s.content)),
    other.map((s) => norm(s.content)),
    (x, y) => x === y,
  );
  anchors.push([base.length, other.length]);
  const pairs: StepPair[] = [];
  let i = 0;
  let j = 0;
  for (const [ai, aj] of anchors) {
    while (i < ai && j < aj) pairs.push({ kind: "changed", base_index: i++, other_index: j++ });
    while (i < ai) pairs.push({ kind: "only_base", base_index: i++, other_index: null });
    while (j < aj) pairs.push({ kind: "only_other", base_index: null, other_index: j++ });
    if (ai < base.length && aj < other.length)
      pairs.push({ kind: "same", base_index: i++, other_index: j++ });
  }
  const first = pairs.findIndex((p) => p.kind !== "same");
  return { pairs, first_divergence: first === -1 ? null : first };
}
