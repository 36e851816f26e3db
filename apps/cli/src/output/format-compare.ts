import type { CompareTracesResponse, StepPair, TextDiffPart, TraceStep } from "@tunix-rt/contracts";
import {
  clampLines,
  formatScore,
  formatSigned,
  formatTimestamp,
  oneLine,
  padEnd,
  sanitize,
  wrap,
} from "./text.js";

export const PAIR_MARKERS: Record<StepPair["kind"], string> = {
  same: "=",
  changed: "~",
  only_base: "-",
  only_other: "+",
};

export const COMPARE_LEGEND = "= same  ~ changed  - only in base  + only in other";
export const FIRST_DIVERGENCE = ">> first divergence";

const GUTTER = " | ";
const MARK_W = 2;
const MIN_COL = 16;

export interface CompareLayout {
  left: number;
  right: number;
}

/** Two equal columns after the marker and the gutter; never narrower than MIN_COL. */
export function compareLayout(width: number): CompareLayout {
  const inner = Math.max(2 * MIN_COL, width - MARK_W - GUTTER.length);
  const left = Math.floor(inner / 2);
  return { left, right: inner - left };
}

/** Rows of two wrapped cells side by side; the marker shows only on the first row of a pair. */
export function sideBySide(marker: string, left: string[], right: string[], layout: CompareLayout): string[] {
  const rows = Math.max(left.length, right.length, 1);
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const mark = padEnd(r === 0 ? marker : "", MARK_W);
    out.push(`${mark}${padEnd(left[r] ?? "", layout.left)}${GUTTER}${right[r] ?? ""}`.trimEnd());
  }
  return out;
}

function stepCell(step: TraceStep | undefined, width: number, maxLines: number): string[] {
  if (!step) return [];
  return clampLines(wrap(`${step.i}. [${oneLine(step.type)}] ${step.content}`, width), maxLines, width);
}

/** Inline answer diff in word-diff notation: [-deleted-]{+inserted+}. */
export function formatAnswerDiff(parts: readonly TextDiffPart[]): string {
  return parts
    .map((p) => {
      const text = sanitize(p.text);
      return p.op === "equal" ? text : p.op === "delete" ? `[-${text}-]` : `{+${text}+}`;
    })
    .join("");
}

function rule(layout: CompareLayout): string {
  return `${" ".repeat(MARK_W)}${"-".repeat(layout.left)}-+-${"-".repeat(layout.right)}`;
}

export interface CompareFormatOptions {
  /** Lines a single step may take per column before it is cut (Infinity with --full). */
  maxStepLines?: number;
}

/**
 * The terminal view of `traces compare`: base on the left, other on the right, steps aligned
 * as the server paired them, the first divergence called out, then answers and scores.
 */
export function formatCompare(
  r: CompareTracesResponse,
  width: number,
  opts: CompareFormatOptions = {},
): string[] {
  const layout = compareLayout(width);
  const maxLines = opts.maxStepLines ?? 6;
  const b = r.base.payload;
  const o = r.other.payload;
  const cell = (text: string, w: number) => clampLines(wrap(text, w), maxLines, w);
  const meta = (t: CompareTracesResponse["base"]) => {
    const source = typeof t.payload.meta?.source === "string" ? t.payload.meta.source : "-";
    return `v${t.trace_version} · ${formatTimestamp(t.created_at)} · ${source}`;
  };
  const out: string[] = [
    COMPARE_LEGEND,
    "",
    ...sideBySide("", [`BASE  ${r.base.id}`], [`OTHER ${r.other.id}`], layout),
    ...sideBySide("", cell(meta(r.base), layout.left), cell(meta(r.other), layout.right), layout),
    rule(layout),
    "Prompt",
    ...sideBySide(
      b.prompt === o.prompt ? "=" : "~",
      cell(b.prompt, layout.left),
      cell(o.prompt, layout.right),
      layout,
    ),
    "",
    `Steps (${b.steps.length} vs ${o.steps.length})`,
  ];
  r.alignment.pairs.forEach((pair, idx) => {
    if (idx === r.alignment.first_divergence) {
      // Named by the steps' own `i`, which is what the cells below show.
      const name = (steps: TraceStep[], at: number | null) => (at === null ? "none" : String(steps[at]?.i));
      out.push(
        `${FIRST_DIVERGENCE} (base step ${name(b.steps, pair.base_index)}, other step ${name(o.steps, pair.other_index)})`,
      );
    }
    const left = pair.base_index === null ? [] : stepCell(b.steps[pair.base_index], layout.left, maxLines);
    const right =
      pair.other_index === null ? [] : stepCell(o.steps[pair.other_index], layout.right, maxLines);
    out.push(...sideBySide(PAIR_MARKERS[pair.kind], left, right, layout));
  });
  if (r.alignment.first_divergence === null) out.push("  (the steps are the same)");
  const answersEqual = r.final_answer_diff.equal;
  out.push(
    "",
    "Final answer",
    ...sideBySide(
      answersEqual ? "=" : "~",
      cell(b.final_answer, layout.left),
      cell(o.final_answer, layout.right),
      layout,
    ),
  );
  if (!answersEqual) {
    out.push(
      ...wrap(`diff: ${formatAnswerDiff(r.final_answer_diff.parts)}`, width - MARK_W).map((l) => `  ${l}`),
    );
  }
  out.push(
    "",
    "Baseline score",
    ...sideBySide("", [formatScore(r.base.score)], [formatScore(r.other.score)], layout),
    `  delta (other - base): ${formatSigned(r.score_delta)}`,
  );
  return out;
}
