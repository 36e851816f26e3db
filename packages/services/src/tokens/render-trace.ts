import type { RenderedExample, RenderQuery } from "@tunix-rt/contracts";
import type { ServiceDeps } from "../deps.js";
import { renderGemma } from "../render/chat-template.js";
import { getTrace } from "../traces/get-trace.js";
import { countTokens } from "./gemma-tokenizer.js";

/** One trace as a model would be trained on it: masked prompt, trained completion, token counts. */
export async function renderTrace(deps: ServiceDeps, id: string, q: RenderQuery): Promise<RenderedExample> {
  const t = await getTrace(deps, id);
  const r = renderGemma(t.payload, {
    responseStyle: q.response_style,
    systemInstruction: q.system_instruction,
  });
  const [p, c] = await countTokens([r.prompt, r.completion]);
  return {
    trace_id: id,
    split: null,
    prompt: r.prompt,
    completion: r.completion,
    prompt_tokens: p!,
    completion_tokens: c!,
    total_tokens: p! + c!,
  };
}
