import { createHash } from "node:crypto";
import type { ReasoningTrace } from "@tunix-rt/contracts";
import { modelResponse, type RenderOptions, renderGemma } from "./chat-template.js";
import { pyIsoformat } from "./python-json.js";

export const EXPORT_FORMATS = ["trace", "tunix_sft", "training_example", "chat"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface StoredTrace {
  id: string;
  created_at: string;
  payload: ReasoningTrace;
}

const baseMetadata = (t: StoredTrace) => ({
  created_at: pyIsoformat(t.created_at),
  trace_version: t.payload.trace_version,
});

/**
 * The id of a trace's training_example: a name-based UUID (v5 layout over SHA-256) of the trace
 * id, so exporting twice gives the same bytes (the seed minted a random id every time).
 */
export function trainingExampleId(traceId: string): string {
  const h = createHash("sha256").update(`tunix-rt:training_example:${traceId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** One export record per trace; key order matters because the seed's output is byte-compared. */
export function exportRecord(
  t: StoredTrace,
  format: ExportFormat,
  opts: RenderOptions = {},
): Record<string, unknown> {
  const p = t.payload;
  const meta = p.meta ?? {};
  switch (format) {
    case "trace":
      return {
        id: t.id,
        prompts: p.prompt,
        trace_steps: p.steps.map((s) => s.content),
        final_answer: p.final_answer,
        metadata: { ...baseMetadata(t), ...meta },
      };
    case "tunix_sft":
      return {
        id: t.id,
        prompts: renderGemma(p, opts).text,
        final_answer: p.final_answer,
        metadata: { ...baseMetadata(t), format: "tunix_sft", ...meta },
      };
    case "training_example":
      return {
        id: trainingExampleId(t.id),
        prompt: `${opts.systemInstruction ? `${opts.systemInstruction}\n\n` : ""}${p.prompt}\n\nPlease show your reasoning steps.`,
        response: modelResponse(p, opts.responseStyle),
        metadata: { source_trace_id: t.id, ...baseMetadata(t), ...meta },
      };
    case "chat":
      return {
        messages: [
          ...(opts.systemInstruction ? [{ role: "system", content: opts.systemInstruction }] : []),
          { role: "user", content: p.prompt },
          { role: "assistant", content: modelResponse(p, opts.responseStyle) },
        ],
      };
  }
}
