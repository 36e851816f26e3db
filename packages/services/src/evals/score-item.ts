import type { ExtractionMethod } from "@tunix-rt/contracts";
import type { ResponseStyle } from "../render/chat-template.js";
import { type MatchMethod, matchAnswer, parseNumber, parseQuantity } from "../scoring/answer-match.js";
import { DEFAULT_EXTRACTION, extractAnswer } from "./extract-answer.js";
import { isWellFormatted } from "./format-check.js";

export interface ItemScore {
  /** The answer found in the output, or null when none was. */
  extracted: string | null;
  extraction: ExtractionMethod | null;
  correct: boolean;
  match: MatchMethod;
  /** The output has the trained layout (response style). */
  formatOk: boolean;
}

/**
 * Scores one output against the expected answer: the answer is extracted from the reasoning (in
 * the eval set's order), then compared as text, number or quantity, with any alternatives the
 * expected answer lists; the layout is checked separately, so a right answer in a broken format
 * counts as correct and shows as badly formatted.
 */
export function scoreItem(
  output: string,
  expected: string,
  style: ResponseStyle,
  extraction: readonly ExtractionMethod[] = DEFAULT_EXTRACTION,
): ItemScore {
  const found = extractAnswer(output, extraction);
  let match: MatchMethod = found ? matchAnswer(found.answer, expected) : "none";
  // "Answer: the result is 19" for 19: one number in an answer that is a sentence counts as it.
  if (found && match === "none" && parseNumber(expected) !== null && parseQuantity(found.answer) === null) {
    const numbers = found.answer.match(/[-−]?\d+(?:,\d{3})*(?:\.\d+)?(?:\/\d+)?%?/g) ?? [];
    if (numbers.length === 1 && numbers[0] !== found.answer && matchAnswer(numbers[0]!, expected) !== "none")
      match = "numeric";
  }
  return {
    extracted: found?.answer ?? null,
    extraction: found?.method ?? null,
    correct: match !== "none",
    match,
    formatOk: isWellFormatted(output, style),
  };
}
