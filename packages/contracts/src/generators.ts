import { z } from "zod";

export const GENERATOR_MAX_COUNT = 100_000;
/** Generate responses list ids only up to this many traces (larger runs report counts). */
export const GENERATOR_IDS_MAX = 1000;

export const GeneratorName = z.enum(["high_card_duel", "high_card_duel_winner", "arithmetic"]);
export type GeneratorName = z.infer<typeof GeneratorName>;

export const GeneratorInfo = z.object({
  name: GeneratorName,
  source: z.string(),
  description: z.string(),
  options: z.record(z.string(), z.string()),
});
export type GeneratorInfo = z.infer<typeof GeneratorInfo>;

export const ListGeneratorsResponse = z.object({ data: z.array(GeneratorInfo) });
export type ListGeneratorsResponse = z.infer<typeof ListGeneratorsResponse>;

export const ARITHMETIC_MAX_DIGITS = 4;
export const ArithmeticSteps = z.enum(["operations", "columns"]);
export type ArithmeticSteps = z.infer<typeof ArithmeticSteps>;

export const GenerateTracesBody = z.object({
  count: z.number().int().min(1).max(GENERATOR_MAX_COUNT),
  /** Same seed (and start_index) → same traces on any machine. Omitted: a random seed, returned. */
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  /** First episode/problem index, so a long generation can be done in resumable chunks. */
  start_index: z.number().int().min(0).max(1_000_000_000).default(0),
  options: z
    .object({
      difficulty: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal("mixed")]).optional(),
      /** arithmetic: the largest + and − operand in digits (default by difficulty: 20, 99, 999). */
      digits: z.number().int().min(1).max(ARITHMETIC_MAX_DIGITS).optional(),
      /** arithmetic: one step per operation (default), or each operation worked in digit columns. */
      steps: ArithmeticSteps.optional(),
    })
    .strict()
    .default({}),
});
export type GenerateTracesBody = z.infer<typeof GenerateTracesBody>;
export type GenerateTracesBodyInput = z.input<typeof GenerateTracesBody>;

export const GeneratedPreview = z.object({
  trace_id: z.string(),
  prompt: z.string(),
  final_answer: z.string(),
  meta: z.record(z.string(), z.unknown()).nullable(),
});

export const GenerateTracesResponse = z.object({
  generator: GeneratorName,
  seed: z.number().int(),
  start_index: z.number().int(),
  created_count: z.number().int(),
  trace_ids: z.array(z.string()).nullable(),
  preview: z.array(GeneratedPreview),
});
export type GenerateTracesResponse = z.infer<typeof GenerateTracesResponse>;

/** The seed's UNGAR endpoints, kept working on top of the native generator. */
export const UngarGenerateBody = z.object({
  count: z.number().int().min(1).max(100),
  seed: z.number().int().nullable().optional(),
  persist: z.boolean().default(true),
});
export const UngarGenerateResponse = z.object({
  trace_ids: z.array(z.string()),
  preview: z.array(
    z.object({ trace_id: z.string(), game: z.string(), result: z.string(), my_card: z.string() }),
  ),
});
export type UngarGenerateResponse = z.infer<typeof UngarGenerateResponse>;
export const UngarStatusResponse = z.object({ available: z.boolean(), version: z.string().nullable() });
