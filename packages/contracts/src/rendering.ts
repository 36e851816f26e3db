import { z } from "zod";

/** How training text is rendered: the seed's numbered layout or <reasoning>/<answer> tags. */
export const RenderQuery = z.object({
  response_style: z.enum(["numbered", "tagged"]).default("numbered"),
  system_instruction: z.string().max(10_000).optional(),
});
export type RenderQuery = z.infer<typeof RenderQuery>;

/** One example as the model sees it: `prompt` is masked (not trained on), `completion` is trained on. */
export const RenderedExample = z.object({
  trace_id: z.string(),
  split: z.string().nullable(),
  prompt: z.string(),
  completion: z.string(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});
export type RenderedExample = z.infer<typeof RenderedExample>;

export const DatasetExamplesQuery = RenderQuery.extend({
  limit: z.coerce.number().int().min(1).max(50).default(5),
  split: z.enum(["train", "val", "test"]).optional(),
});
export const DatasetExamplesResponse = z.object({ data: z.array(RenderedExample), tokenizer: z.string() });
export type DatasetExamplesResponse = z.infer<typeof DatasetExamplesResponse>;

export const DatasetTokensQuery = RenderQuery.extend({
  max_seq_length: z.coerce.number().int().min(1).max(1_048_576).default(2048),
  bins: z.coerce.number().int().min(1).max(200).default(40),
  split: z.enum(["train", "val", "test"]).optional(),
});
export type DatasetTokensQuery = z.infer<typeof DatasetTokensQuery>;

/** Token statistics of the tunix_sft rendering of a dataset, counted with the Gemma 3 tokenizer. */
export const DatasetTokensResponse = z.object({
  tokenizer: z.string(),
  /** Gemma 2's tokenizer differs slightly: its counts are close but not exact. */
  note: z.string(),
  example_count: z.number().int(),
  total_tokens: z.number().int(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  min: z.number().int(),
  max: z.number().int(),
  mean: z.number(),
  p50: z.number().int(),
  p90: z.number().int(),
  p99: z.number().int(),
  max_seq_length: z.number().int(),
  /** Examples longer than max_seq_length: their completions would be cut. */
  truncated_count: z.number().int(),
  histogram: z.object({
    /** bins+1 edges; counts[i] is the number of examples with edges[i] <= tokens < edges[i+1] (last bin inclusive). */
    edges: z.array(z.number()),
    counts: z.array(z.number().int()),
  }),
});
export type DatasetTokensResponse = z.infer<typeof DatasetTokensResponse>;
