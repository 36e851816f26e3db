import type { EvaluationDetail, GroupStats } from "@tunix-rt/contracts";

export const pct = (x: number, digits = 1) => `${(100 * x).toFixed(digits)}%`;

/** "62.0% (55.1–68.4%)": accuracy with its 95% interval. */
export const accuracyText = (s: Pick<GroupStats, "accuracy" | "ci95">) =>
  `${pct(s.accuracy)} (${(100 * s.ci95[0]).toFixed(1)}–${pct(s.ci95[1])})`;

/** "95,800" tokens, "67.5" tokens: grouped digits, a decimal only where it still says something. */
export const tokenCount = (x: number) =>
  x.toLocaleString("en-US", { maximumFractionDigits: x < 100 ? 1 : 0 });

/** What an evaluation evaluated, in words: "step 400 of run 0190abcd", "untrained init", "base gemma". */
export function subjectText(e: Pick<EvaluationDetail, "subject" | "model_id" | "trainer">): string {
  const s = e.subject;
  if (!s.run_id) return `base ${e.model_id} (${e.trainer})`;
  const what = s.checkpoint === "init" ? "untrained init" : `step ${s.step}`;
  const asked = s.requested === "best" || s.requested === "final" ? ` (${s.requested})` : "";
  return `${what}${asked} of run ${s.run_id.slice(0, 8)}`;
}

/**
 * The output split around the extracted answer (its last occurrence, where extraction found it),
 * so a view can highlight it.
 */
export function splitAtAnswer(output: string, extracted: string | null): [string, string, string] | null {
  if (!extracted) return null;
  const at = output.lastIndexOf(extracted);
  if (at === -1) return null;
  return [output.slice(0, at), extracted, output.slice(at + extracted.length)];
}
