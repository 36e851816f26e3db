import type { ResponseStyle } from "../render/chat-template.js";

// The response layouts a model is trained to produce (render/chat-template.ts), as patterns over
// its whole output (without <end_of_turn>): nothing before the reasoning, nothing after the answer.
const NUMBERED = /^Reasoning:\n((?:\d+\. [^\n]*\n)+)Answer: [^\n]*\S[^\n]*$/;
const TAGGED = /^<reasoning>([\s\S]*?)<\/reasoning>\n<answer>([^<]*\S[^<]*)<\/answer>$/;

/**
 * Whether an output has the trained layout: numbered `Reasoning:` steps counting 1, 2, 3… and
 * one `Answer:` line, or `<reasoning>…</reasoning>` then `<answer>…</answer>`.
 */
export function isWellFormatted(output: string, style: ResponseStyle): boolean {
  const text = output.trim();
  if (style === "tagged") {
    const m = TAGGED.exec(text);
    return m !== null && m[1]!.trim() !== "";
  }
  const m = NUMBERED.exec(text);
  if (!m) return false;
  const numbers = m[1]!
    .split("\n")
    .filter(Boolean)
    .map((line) => Number(line.slice(0, line.indexOf("."))));
  return numbers.every((n, i) => n === i + 1);
}

/** The reasoning part of an output (what its length is measured on), whatever its layout. */
export function reasoningText(output: string, style: ResponseStyle): string {
  if (style === "tagged") {
    const m = /<reasoning>([\s\S]*?)(?:<\/reasoning>|$)/.exec(output);
    if (m) return m[1]!.trim();
  } else {
    const start = output.indexOf("Reasoning:");
    if (start !== -1) {
      const body = output.slice(start + "Reasoning:".length);
      const end = body.search(/^Answer:/m);
      return (end === -1 ? body : body.slice(0, end)).trim();
    }
  }
  // No layout: everything before the last answer line counts as reasoning.
  const answerAt = output.search(/^[ \t]*(?:final[ \t]+)?answer[ \t]*:/im);
  return (answerAt === -1 ? output : output.slice(0, answerAt)).trim();
}
