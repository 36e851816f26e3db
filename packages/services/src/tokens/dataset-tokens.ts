import type {
  DatasetExamplesResponse,
  DatasetTokensQuery,
  DatasetTokensResponse,
  RenderedExample,
  RenderQuery,
} from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { datasetMembers } from "../datasets/export-dataset.js";
import { getDatasetRow } from "../datasets/get-dataset.js";
import type { ServiceDeps } from "../deps.js";
import { renderGemma } from "../render/chat-template.js";
import { countTokens, TOKENIZER_NAME, TOKENIZER_NOTE } from "./gemma-tokenizer.js";
import { tokenHistogram } from "./token-histogram.js";

const BATCH = 500;

interface Lengths {
  prompt: number[];
  completion: number[];
  split: string[];
}

const inflight = new Map<string, Promise<Lengths>>();

/**
 * Token lengths of every example (prompt and completion parts), computed once per dataset and
 * rendering and cached in the dataset row: datasets are immutable, so the counts never change.
 */
async function datasetLengths(deps: ServiceDeps, key: string, render: RenderQuery): Promise<Lengths> {
  const row = await getDatasetRow(deps, key);
  const variant = `${render.response_style}:${render.system_instruction ?? ""}`;
  const cached = await queryRows<{ v: Lengths | null }>(
    deps.db,
    sql`SELECT token_stats->${variant} AS v FROM datasets WHERE id = ${row.id}`,
  );
  if (cached[0]?.v) return cached[0].v;
  const flightKey = `${row.id}|${variant}`;
  const running = inflight.get(flightKey);
  if (running) return running;
  const work = (async () => {
    const out: Lengths = { prompt: [], completion: [], split: [] };
    let batch: Array<{ prompt: string; completion: string }> = [];
    const flush = async () => {
      const counts = await countTokens(batch.flatMap((b) => [b.prompt, b.completion]));
      for (let i = 0; i < batch.length; i++) {
        out.prompt.push(counts[2 * i]!);
        out.completion.push(counts[2 * i + 1]!);
      }
      batch = [];
    };
    const splits = await queryRows<{ split: string }>(
      deps.db,
      sql`SELECT split FROM dataset_members WHERE dataset_id = ${row.id} ORDER BY position`,
    );
    out.split = splits.map((s) => s.split);
    for await (const t of datasetMembers(deps, row.id)) {
      const r = renderGemma(t.payload, {
        responseStyle: render.response_style,
        systemInstruction: render.system_instruction,
      });
      batch.push({ prompt: r.prompt, completion: r.completion });
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
    await deps.db.execute(
      sql`UPDATE datasets SET token_stats = coalesce(token_stats::jsonb, '{}'::jsonb) || jsonb_build_object(${variant}::text, ${JSON.stringify(out)}::jsonb) WHERE id = ${row.id}`,
    );
    return out;
  })().finally(() => inflight.delete(flightKey));
  inflight.set(flightKey, work);
  return work;
}

export async function datasetTokens(
  deps: ServiceDeps,
  key: string,
  q: DatasetTokensQuery,
): Promise<DatasetTokensResponse> {
  const l = await datasetLengths(deps, key, q);
  const idx = l.prompt.map((_, i) => i).filter((i) => !q.split || l.split[i] === q.split);
  const totals = idx.map((i) => l.prompt[i]! + l.completion[i]!);
  const sorted = [...totals].sort((a, b) => a - b);
  const pct = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const promptTokens = sum(idx.map((i) => l.prompt[i]!));
  const completionTokens = sum(idx.map((i) => l.completion[i]!));
  return {
    tokenizer: TOKENIZER_NAME,
    note: TOKENIZER_NOTE,
    example_count: totals.length,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    mean: totals.length ? Math.round(((promptTokens + completionTokens) / totals.length) * 100) / 100 : 0,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max_seq_length: q.max_seq_length,
    truncated_count: totals.filter((n) => n > q.max_seq_length).length,
    histogram: tokenHistogram(sorted, q.bins),
  };
}

/** The first examples of a dataset (optionally one split) exactly as a model would see them. */
export async function datasetExamples(
  deps: ServiceDeps,
  key: string,
  q: RenderQuery & { limit: number; split?: string },
): Promise<DatasetExamplesResponse> {
  const row = await getDatasetRow(deps, key);
  const picked: Array<{ id: string; split: string | null; prompt: string; completion: string }> = [];
  for await (const t of datasetMembers(deps, row.id, q.split)) {
    const r = renderGemma(t.payload, {
      responseStyle: q.response_style,
      systemInstruction: q.system_instruction,
    });
    picked.push({ id: t.id, split: t.split, prompt: r.prompt, completion: r.completion });
    if (picked.length >= q.limit) break;
  }
  const counts = await countTokens(picked.flatMap((p) => [p.prompt, p.completion]));
  const data: RenderedExample[] = picked.map((p, i) => ({
    trace_id: p.id,
    split: p.split,
    prompt: p.prompt,
    completion: p.completion,
    prompt_tokens: counts[2 * i]!,
    completion_tokens: counts[2 * i + 1]!,
    total_tokens: counts[2 * i]! + counts[2 * i + 1]!,
  }));
  return { data, tokenizer: TOKENIZER_NAME };
}
