import { createHash } from "node:crypto";
import type { ReasoningTrace } from "@tunix-rt/contracts";
import {
  END_OF_TURN,
  modelResponse,
  type RenderOptions,
  type ResponseStyle,
  renderGemma,
  START_OF_TURN,
} from "./chat-template.js";
import { pyEscape, pyIsoformat, pyJsonDumps, pyMembers, pyString } from "./python-json.js";

export const EXPORT_FORMATS = ["trace", "tunix_sft", "training_example", "chat"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface StoredTrace {
  id: string;
  created_at: string;
  payload: ReasoningTrace;
  /**
   * Set only when every string in `payload` is printable ASCII without `"` or `\\` (known from
   * its stored JSON text: see copy-members.ts); exportLine then writes them without escaping.
   */
  plain?: boolean;
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

/**
 * One NDJSON line (with its "\n"): exactly `pyJsonDumps(exportRecord(t, format, opts))`, but for
 * the two formats exported in bulk (trace, tunix_sft) written straight from the trace: no record
 * object, and the Gemma text escaped piece by piece (pyEscape), where escaping the whole rendered
 * text would run JSON.stringify's slow path over every line break of the template.
 */
export function exportLine(t: StoredTrace, format: ExportFormat, opts: RenderOptions = {}): string {
  if (format !== "trace" && format !== "tunix_sft") return `${pyJsonDumps(exportRecord(t, format, opts))}\n`;
  const p = t.payload;
  const plain = t.plain === true;
  const body =
    format === "tunix_sft"
      ? `, "prompts": "${gemmaEscaped(p, opts, plain)}"${member("final_answer", p.final_answer, plain)}`
      : `${member("prompts", p.prompt, plain)}, "trace_steps": ${pyJsonDumps(
          p.steps.map((s) => s.content),
          plain,
        )}${member("final_answer", p.final_answer, plain)}`;
  return `{"id": ${pyString(t.id)}${body}, "metadata": ${metadataJson(t, format === "tunix_sft" ? ', "format": "tunix_sft"' : "")}}\n`;
}

const member = (key: string, v: unknown, plain: boolean) =>
  v === undefined ? "" : `, "${key}": ${pyJsonDumps(v, plain)}`;

// Meta keys that would not simply follow the base metadata: ones that override a base key (a
// spread keeps the first position), and integer-like ones (objects list those first).
const isPlainMetaKey = (k: string) =>
  k !== "created_at" &&
  k !== "trace_version" &&
  k !== "format" &&
  !(k.charCodeAt(0) >= 48 && k.charCodeAt(0) <= 57);

/** `pyJsonDumps({ ...baseMetadata(t), <format>, ...meta })`, appending meta to the base in the common case. */
function metadataJson(t: StoredTrace, formatMember: string): string {
  const meta = t.payload.meta ?? {};
  const keys = Object.keys(meta);
  if (Array.isArray(meta) || !keys.every(isPlainMetaKey)) {
    const base = baseMetadata(t);
    return pyJsonDumps(formatMember ? { ...base, format: "tunix_sft", ...meta } : { ...base, ...meta });
  }
  const plain = t.plain === true;
  const head = `"created_at": ${pyString(pyIsoformat(t.created_at))}${member("trace_version", t.payload.trace_version, plain)}${formatMember}`;
  return `{${head}${pyMembers(meta as Record<string, unknown>, keys, ", ", plain)}}`;
}

/** `pyEscape(renderGemma(p, opts).text)`, escaping each piece instead of the whole text. */
function gemmaEscaped(p: ReasoningTrace, opts: RenderOptions, plain: boolean): string {
  const esc = plain ? asText : pyEscape;
  const user = opts.systemInstruction
    ? `${pyEscape(`${opts.systemInstruction}`)}\\n\\n${esc(`${p.prompt}`)}`
    : esc(`${p.prompt}`);
  return `${START_OF_TURN}user\\n${user}${END_OF_TURN}\\n${START_OF_TURN}model\\n${responseEscaped(p, opts.responseStyle, esc)}${END_OF_TURN}`;
}

const asText = (s: string) => s;

/** `pyEscape(modelResponse(p, style))`; the same template, with escaped pieces and "\\n" for "\n". */
function responseEscaped(
  p: ReasoningTrace,
  style: ResponseStyle = "numbered",
  esc: (s: string) => string = pyEscape,
): string {
  const answer = esc(`${p.final_answer}`);
  if (style === "tagged") {
    // Array.join writes null and undefined as "", where a template literal would write "null".
    const contents = p.steps.map((s) => (s.content == null ? "" : esc(`${s.content}`)));
    return `<reasoning>${contents.join("\\n")}</reasoning>\\n<answer>${answer}</answer>`;
  }
  let out = p.steps.length ? "Reasoning:\\n" : "";
  for (let i = 0; i < p.steps.length; i++) out += `${i + 1}. ${esc(`${p.steps[i]!.content}`)}\\n`;
  return `${out}Answer: ${answer}`;
}
