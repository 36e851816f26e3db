import { EXTRACTION_METHODS, type ExtractionMethod } from "@tunix-rt/contracts";

/**
 * Where a model's answer is found in its output, tried in the order an eval set lists them:
 * `tagged` the last <answer>…</answer>, `answer_line` the last "Answer: …" (or "Final answer: …")
 * line, `last_number` the last number anywhere (a fallback for outputs that lost the format).
 */
export const DEFAULT_EXTRACTION: readonly ExtractionMethod[] = EXTRACTION_METHODS;

const TAGGED = /<answer>\s*([\s\S]*?)\s*<\/answer>/gi;
const ANSWER_LINE = /^[ \t]*(?:final[ \t]+)?answer[ \t]*[:：][ \t]*(.*?)[ \t]*$/gim;
const NUMBER = /[-−]?\d+(?:,\d{3})*(?:\.\d+)?(?:\/\d+)?%?/g;

function lastMatch(re: RegExp, text: string): string | null {
  let last: string | null = null;
  for (const m of text.matchAll(re)) last = m[1] ?? m[0];
  return last;
}

export interface ExtractedAnswer {
  answer: string;
  method: ExtractionMethod;
}

export function extractAnswer(
  output: string,
  methods: readonly ExtractionMethod[] = DEFAULT_EXTRACTION,
): ExtractedAnswer | null {
  for (const method of methods) {
    const found =
      method === "tagged"
        ? lastMatch(TAGGED, output)
        : method === "answer_line"
          ? lastMatch(ANSWER_LINE, output)
          : lastMatch(NUMBER, output);
    if (found !== null && found.trim() !== "") return { answer: found.trim(), method };
  }
  return null;
}
