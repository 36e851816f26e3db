import type { ReasoningTrace } from "@tunix-rt/contracts";

/** Text normalisation: case, surrounding whitespace/quotes/trailing period, inner whitespace runs. */
export function normalizeAnswer(s: string): string {
  return s
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/^["'`]+|["'`.!]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Reads "42", "-3.50", "1,000", "1/2", "50%" as a number; anything else is null. */
export function parseNumber(s: string): number | null {
  const t = normalizeAnswer(s).replace(/^answer:\s*/, "");
  const frac = /^(-?\d+)\/(\d+)$/.exec(t);
  if (frac) return Number(frac[2]) === 0 ? null : Number(frac[1]) / Number(frac[2]);
  const pct = /^(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)%$/.exec(t);
  if (pct) return Number(pct[1]!.replace(/,/g, "")) / 100;
  if (/^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?$/.test(t)) return Number(t.replace(/,/g, ""));
  return null;
}

export interface AnswerMatchDetails {
  criteria: "answer_match";
  expected: string;
  actual: string;
  match: boolean;
  method: "exact" | "normalized" | "numeric" | "none";
  scored_at: string;
}

/** 100 when the final answer equals `meta.expected_answer` (as text or as a number), else 0. */
export function answerMatchScore(
  trace: ReasoningTrace,
  now = new Date(),
): { score: number; details: AnswerMatchDetails } | { missing: true } {
  const expectedRaw = trace.meta?.expected_answer;
  if (expectedRaw === undefined || expectedRaw === null) return { missing: true };
  const expected = String(expectedRaw);
  const actual = trace.final_answer;
  let method: AnswerMatchDetails["method"] = "none";
  if (actual === expected) method = "exact";
  else if (normalizeAnswer(actual) === normalizeAnswer(expected)) method = "normalized";
  else {
    const a = parseNumber(actual);
    const e = parseNumber(expected);
    if (a !== null && e !== null && Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e))) method = "numeric";
  }
  const match = method !== "none";
  return {
    score: match ? 100 : 0,
    details: { criteria: "answer_match", expected, actual, match, method, scored_at: now.toISOString() },
  };
}
