import { z } from "zod";
import { PageInfo } from "./common.js";
import { CompareEvaluationsQuery } from "./eval-results.js";
import { StepPair } from "./scores.js";
import { TraceStep } from "./traces.js";

/** How an item's result changed from the baseline to the candidate. */
export const ITEM_CHANGES = ["improved", "regressed", "both_right", "both_wrong"] as const;
export const ItemChange = z.enum(ITEM_CHANGES);

export const CompareItemsQuery = CompareEvaluationsQuery.extend({
  /** `flipped` (improved or regressed, the default), one kind of change, or `all`. */
  change: z.enum(["flipped", "all", ...ITEM_CHANGES]).default("flipped"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(100).optional(),
});
export type CompareItemsQuery = z.infer<typeof CompareItemsQuery>;
export type CompareItemsQueryInput = z.input<typeof CompareItemsQuery>;

const ItemResult = z.object({
  output: z.string(),
  extracted: z.string().nullable(),
  correct: z.boolean(),
  format_ok: z.boolean(),
});

export const ComparedItem = z.object({
  position: z.number().int(),
  item_id: z.string(),
  prompt: z.string(),
  expected_answer: z.string(),
  category: z.string().nullable(),
  change: ItemChange,
  /** The prompt is also in the candidate's training data. */
  contaminated: z.boolean(),
  baseline: ItemResult,
  candidate: ItemResult,
});
export type ComparedItem = z.infer<typeof ComparedItem>;

export const CompareItemsResponse = z.object({ data: z.array(ComparedItem), pagination: PageInfo });
export type CompareItemsResponse = z.infer<typeof CompareItemsResponse>;

/** One item's two outputs as reasoning steps, aligned as trace compare aligns two traces. */
export const CompareItemDetail = ComparedItem.extend({
  baseline_steps: z.array(TraceStep),
  candidate_steps: z.array(TraceStep),
  alignment: z.object({ pairs: z.array(StepPair), first_divergence: z.number().int().nullable() }),
});
export type CompareItemDetail = z.infer<typeof CompareItemDetail>;
