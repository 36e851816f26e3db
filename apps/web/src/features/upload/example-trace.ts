import type { ReasoningTrace } from "@tunix-rt/contracts";

/**
 * The seed's bundled example. Its steps hold 153 characters in all, so its baseline score is the
 * seed's 28.06 (5 steps → 25, average length 30.6 → 3.06).
 */
export const EXAMPLE_TRACE: ReasoningTrace = {
  trace_version: "1.0",
  prompt: "Convert 68°F to Celsius",
  final_answer: "20°C",
  steps: [
    { i: 0, type: "recall", content: "Use the formula C = (F - 32) × 5/9." },
    { i: 1, type: "substitute", content: "Substitute F = 68: C = (68 - 32) × 5/9." },
    { i: 2, type: "compute", content: "Subtract first: 68 - 32 = 36." },
    { i: 3, type: "compute", content: "Multiply by 5/9: 36 × 5/9 = 20." },
    { i: 4, type: "verify", content: "Check: 68°F = 20°C." },
  ],
  meta: { source: "example", tags: ["temperature", "conversion", "fahrenheit", "celsius"] },
};
