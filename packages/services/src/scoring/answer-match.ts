import type { ReasoningTrace } from "@tunix-rt/contracts";

/** Text normalisation: case, surrounding whitespace/quotes/trailing period, inner whitespace runs. */
export function normalizeAnswer(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\u2212\u2012\u2013]/g, "-") // minus sign and dashes typed for a negative number
    .trim()
    .toLowerCase()
    .replace(/^["'`]+|["'`.!]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

const NUMBER = String.raw`[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?`;
const PLAIN_NUMBER = new RegExp(`^${NUMBER}$`);

/** Reads "42", "-3.50", "1,000", "1/2", "50%" as a number; anything else is null. */
export function parseNumber(s: string): number | null {
  const t = normalizeAnswer(s).replace(/^answer:\s*/, "");
  const frac = /^(-?\d+)\/(\d+)$/.exec(t);
  if (frac) return Number(frac[2]) === 0 ? null : Number(frac[1]) / Number(frac[2]);
  const pct = /^(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)%$/.exec(t);
  if (pct) return Number(pct[1]!.replace(/,/g, "")) / 100;
  if (PLAIN_NUMBER.test(t)) return Number(t.replace(/,/g, ""));
  return null;
}

/**
 * A number with a unit around it: "120 km", "$1,200", "42 apples", "3 m/s" → the number and the
 * unit text (normalised, "$" kept as a unit). Null when the text is not a quantity.
 */
export function parseQuantity(s: string): { value: number; unit: string } | null {
  const t = normalizeAnswer(s).replace(/^answer:\s*/, "");
  const m = new RegExp(`^([$€£¥]?)\\s*(${NUMBER})\\s*([a-z%°/][a-z%°/^.²³\\s]*)?$`).exec(t);
  if (!m) return null;
  const value = Number(m[2]!.replace(/,/g, ""));
  const unit = `${m[1] ?? ""}${(m[3] ?? "").replace(/\s+/g, " ").replace(/\.$/, "").trim()}`;
  // "19 or twenty", "3 to 4": a second answer or a range, not a unit.
  if (/\b(or|and|to|plus|minus|times)\b/.test(unit)) return null;
  return Number.isFinite(value) ? { value, unit } : null;
}

export type MatchMethod = "exact" | "normalized" | "numeric" | "quantity" | "none";

const close = (a: number, e: number) => Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e));

function matchOne(actual: string, expected: string): MatchMethod {
  if (actual === expected) return "exact";
  if (normalizeAnswer(actual) === normalizeAnswer(expected)) return "normalized";
  const a = parseNumber(actual);
  const e = parseNumber(expected);
  if (a !== null && e !== null) return close(a, e) ? "numeric" : "none";
  // "120" for "120 km", "120km" for "120 km": the number counts; a different unit does not.
  const qa = parseQuantity(actual);
  const qe = parseQuantity(expected);
  if (
    qa &&
    qe &&
    close(qa.value, qe.value) &&
    (!qa.unit || !qe.unit || qa.unit.replace(/ /g, "") === qe.unit.replace(/ /g, ""))
  )
    return "quantity";
  return "none";
}

/** The accepted answers of an expected answer: "0.5 or 50%" → ["0.5 or 50%", "0.5", "50%"]. */
export function expectedAlternatives(expected: string): string[] {
  const parts = expected.split(/\s+or\s+|\s*\|\s*/i).filter((p) => p.trim() !== "");
  return parts.length > 1 ? [expected, ...parts] : [expected];
}

/**
 * Whether an answer equals the expected one, and how: as written, after normalisation, as a
 * number (1,000 = 1000, 1/2 = 0.5 = 50%), as a quantity (120 = 120 km), or one of the
 * alternatives an expected answer lists ("0.5 or 50%"). The one comparison both trace scoring
 * (answer_match) and evaluations use.
 */
export function matchAnswer(actual: string, expected: string): MatchMethod {
  for (const alternative of expectedAlternatives(expected)) {
    const method = matchOne(actual, alternative);
    if (method !== "none") return method;
  }
  return "none";
}

export interface AnswerMatchDetails {
  criteria: "answer_match";
  expected: string;
  actual: string;
  match: boolean;
  method: MatchMethod;
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
  const method = matchAnswer(actual, expected);
  const match = method !== "none";
  return {
    score: match ? 100 : 0,
    details: { criteria: "answer_match", expected, actual, match, method, scored_at: now.toISOString() },
  };
}
