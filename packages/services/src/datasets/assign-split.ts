import { createHash } from "node:crypto";
import type { SplitName, SplitSpec } from "@tunix-rt/contracts";

/**
 * A trace's split depends only on its content hash and the split seed (never on what else is
 * selected), so it keeps its split across dataset versions and no validation trace leaks into a
 * later train set. Hashing content rather than the random id also makes the assignment identical
 * on every machine for the same traces, and puts exact duplicates in the same split.
 */
export function assignSplit(contentHash: string, spec: SplitSpec | undefined): SplitName {
  if (!spec || (spec.val === 0 && spec.test === 0)) return "train";
  const h = createHash("sha256").update(`split:${spec.seed}:${contentHash}`).digest();
  const u = h.readUInt32BE(0) / 2 ** 32;
  if (u < spec.val) return "val";
  if (u < spec.val + spec.test) return "test";
  return "train";
}
