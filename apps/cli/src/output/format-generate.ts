import type { GenerateTracesResponse, GeneratorInfo } from "@tunix-rt/contracts";
import { formatCount, formatDuration } from "./progress-stats.js";
import { type Column, formatRow, remainingWidth } from "./table.js";
import { oneLine, wrap } from "./text.js";

const INDENT = "  ";

/** `tunix-rt generators`: name and meta.source on one line, the description and options below. */
export function formatGeneratorList(gens: readonly GeneratorInfo[], width: number): string[] {
  const out: string[] = [];
  for (const g of gens) {
    if (out.length) out.push("");
    out.push(`${oneLine(g.name)}  (meta.source = ${oneLine(g.source)})`);
    out.push(...wrap(g.description, width - INDENT.length).map((l) => INDENT + l));
    for (const [k, v] of Object.entries(g.options)) {
      out.push(...wrap(`--${k}: ${v}`, width - INDENT.length).map((l) => INDENT + l));
    }
  }
  if (out.length === 0) out.push("no generators");
  return out;
}

export interface GenerateRunInfo {
  /** The user gave --seed (false: the CLI picked one at random). */
  seedGiven: boolean;
  requests: number;
  elapsedMs: number;
}

/** The preview table: id, prompt (flattened, cut to fit) and answer. */
export function formatGeneratedPreview(preview: GenerateTracesResponse["preview"], width: number): string[] {
  const fixed: Column[] = [
    { header: "ID", width: 36 },
    { header: "ANSWER", width: 12 },
  ];
  const promptCol: Column = {
    header: "PROMPT",
    width: remainingWidth(
      width - INDENT.length,
      fixed.map((c) => c.width),
      12,
    ),
  };
  const cols = [fixed[0]!, promptCol, fixed[1]!];
  return preview.map(
    (p) => INDENT + formatRow([p.trace_id, oneLine(p.prompt), oneLine(p.final_answer)], cols),
  );
}

/** What `generate` prints: how many, how fast, the seed to reproduce them, where they went, a preview. */
export function formatGenerateSummary(
  r: GenerateTracesResponse,
  info: GenerateRunInfo,
  width: number,
): string[] {
  const seconds = info.elapsedMs / 1000;
  const rate = seconds > 0 ? ` at ${formatCount(r.created_count / seconds)} traces/s` : "";
  const requests = `${info.requests} request${info.requests === 1 ? "" : "s"}`;
  const source = r.preview.find((p) => typeof p.meta?.source === "string")?.meta?.source as
    | string
    | undefined;
  const next = r.start_index + r.created_count;
  const out = [
    `generated ${formatCount(r.created_count)} ${r.generator} traces in ${requests}, ${formatDuration(seconds)}${rate}`,
    info.seedGiven
      ? `seed ${r.seed}, start index ${r.start_index}`
      : `seed ${r.seed} (picked at random; pass --seed ${r.seed} to generate the same traces again)`,
    `to continue this sequence: --seed ${r.seed} --start-index ${next}`,
  ];
  if (source)
    out.push(`stored with meta.source "${oneLine(source)}" (build from them with --source ${source})`);
  if (r.preview.length) out.push("", "preview:", ...formatGeneratedPreview(r.preview, width));
  return out;
}

/** Said after a failed request in a chunked run: what was stored, and the command that finishes it. */
export function formatGenerateResume(o: {
  name: string;
  seed: number;
  startIndex: number;
  created: number;
  requested: number;
  extra: string[];
}): string[] {
  const left = o.requested - o.created;
  const next = o.startIndex + o.created;
  return [
    `stopped after ${formatCount(o.created)} of ${formatCount(o.requested)} traces were created (seed ${o.seed});` +
      " the last request may have stored part of its chunk",
    `to finish: tunix-rt generate ${o.name} --count ${left} --seed ${o.seed} --start-index ${next}${o.extra.map((e) => ` ${e}`).join("")}`,
  ];
}
