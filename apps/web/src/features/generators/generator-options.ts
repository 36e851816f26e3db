import type { GenerationRequest } from "./run-generation";

/** The arithmetic form's choices as the select elements hold them. */
export interface OptionChoices {
  difficulty: "mixed" | "1" | "2" | "3";
  /** "" = the difficulty's own range. */
  digits: "" | "1" | "2" | "3" | "4";
  steps: "operations" | "columns";
}

export const DEFAULT_CHOICES: OptionChoices = { difficulty: "mixed", digits: "", steps: "operations" };

/**
 * The request options for a generator that takes `offered` (its GeneratorInfo.options keys). Defaults
 * other than difficulty are left out, so a plain run makes exactly the traces it made before the
 * options existed.
 */
export function requestOptions(offered: readonly string[], c: OptionChoices): GenerationRequest["options"] {
  const options: GenerationRequest["options"] = {};
  if (offered.includes("difficulty"))
    options.difficulty = c.difficulty === "mixed" ? "mixed" : (Number(c.difficulty) as 1 | 2 | 3);
  if (offered.includes("digits") && c.digits) options.digits = Number(c.digits);
  if (offered.includes("steps") && c.steps !== "operations") options.steps = c.steps;
  return options;
}
