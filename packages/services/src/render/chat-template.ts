import type { ReasoningTrace } from "@tunix-rt/contracts";

export type ResponseStyle = "numbered" | "tagged";

export const START_OF_TURN = "<start_of_turn>";
export const END_OF_TURN = "<end_of_turn>";

/**
 * The model's side of a trace. `numbered` is the seed's "Reasoning:\n1. …\nAnswer: X";
 * `tagged` is the <reasoning>/<answer> layout Tunix's GRPO examples and the Tunix hackathon use.
 */
export function modelResponse(
  trace: Pick<ReasoningTrace, "steps" | "final_answer">,
  style: ResponseStyle = "numbered",
): string {
  const contents = trace.steps.map((s) => s.content);
  if (style === "tagged")
    return `<reasoning>${contents.join("\n")}</reasoning>\n<answer>${trace.final_answer}</answer>`;
  const reasoning = contents.length
    ? `Reasoning:\n${contents.map((c, i) => `${i + 1}. ${c}\n`).join("")}`
    : "";
  return `${reasoning}Answer: ${trace.final_answer}`;
}

/** Gemma has no system role: like Gemma's own template, the instruction opens the first user turn. */
export function userContent(prompt: string, systemInstruction?: string | null): string {
  return systemInstruction ? `${systemInstruction}\n\n${prompt}` : prompt;
}

export interface RenderOptions {
  responseStyle?: ResponseStyle;
  systemInstruction?: string | null;
}

/** The masked part a model continues from: the user turn, then the opening of the model's turn. */
export function renderPrompt(prompt: string, systemInstruction?: string | null): string {
  return `${START_OF_TURN}user\n${userContent(prompt, systemInstruction)}${END_OF_TURN}\n${START_OF_TURN}model\n`;
}

/**
 * The Gemma chat rendering split where training needs it: `prompt` is masked (not trained on),
 * `completion` is trained on, including the closing <end_of_turn>. prompt + completion is the
 * seed's tunix_sft text byte for byte: no <bos>, no trailing newline.
 */
export function renderGemma(
  trace: Pick<ReasoningTrace, "prompt" | "steps" | "final_answer">,
  opts: RenderOptions = {},
) {
  const prompt = renderPrompt(trace.prompt, opts.systemInstruction);
  const completion = `${modelResponse(trace, opts.responseStyle)}${END_OF_TURN}`;
  return { prompt, completion, text: prompt + completion };
}
