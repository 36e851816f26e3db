import type { TextDiffPart } from "@tunix-rt/contracts";
import { lcsPairs } from "./lcs.js";

// Above this many token pairs the O(n·m) table is too costly; fall back to delete + insert.
const MAX_CELLS = 4_000_000;

/** Word-level diff (whitespace kept with its word), adjacent parts of one kind merged. */
export function diffText(a: string, b: string): TextDiffPart[] {
  if (a === b) return a ? [{ op: "equal", text: a }] : [];
  const ta = a.match(/\s*\S+\s*|\s+/g) ?? [];
  const tb = b.match(/\s*\S+\s*|\s+/g) ?? [];
  const parts: TextDiffPart[] = [];
  const push = (op: TextDiffPart["op"], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else if (text) parts.push({ op, text });
  };
  if (ta.length * tb.length > MAX_CELLS) {
    push("delete", a);
    push("insert", b);
    return parts;
  }
  const anchors = lcsPairs(ta, tb, (x, y) => x === y);
  anchors.push([ta.length, tb.length]);
  let i = 0;
  let j = 0;
  for (const [ai, aj] of anchors) {
    while (i < ai) push("delete", ta[i++]!);
    while (j < aj) push("insert", tb[j++]!);
    if (ai < ta.length && aj < tb.length) {
      push("equal", ta[i++]!);
      j++;
    }
  }
  return parts;
}
