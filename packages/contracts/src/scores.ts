import { z } from "zod";
import { Uuid } from "./common.js";
import { BULK_TRACE_IDS_MAX, TraceDetail } from "./traces.js";

export const SCORE_CRITERIA = ["baseline", "answer_match"] as const;
export const ScoreCriteria = z.enum(SCORE_CRITERIA);
export type ScoreCriteria = z.infer<typeof ScoreCriteria>;

export const ScoreTraceBody = z.object({ criteria: ScoreCriteria.default("baseline") });
export type ScoreTraceBody = z.infer<typeof ScoreTraceBody>;

/** Seed's ScoreDetails for `baseline`; `answer_match` adds its own keys. */
export const ScoreDetails = z.record(z.string(), z.unknown());
export type ScoreDetails = z.infer<typeof ScoreDetails>;

export const ScoreTraceResponse = z.object({
  trace_id: Uuid,
  score: z.number(),
  details: ScoreDetails,
});
export type ScoreTraceResponse = z.infer<typeof ScoreTraceResponse>;

export const TraceScore = z.object({
  id: Uuid,
  trace_id: Uuid,
  criteria: z.string(),
  score: z.number(),
  details: ScoreDetails.nullable(),
  created_at: z.string(),
});
export type TraceScore = z.infer<typeof TraceScore>;

export const ListTraceScoresResponse = z.object({ data: z.array(TraceScore) });
export type ListTraceScoresResponse = z.infer<typeof ListTraceScoresResponse>;

export const TraceWithScore = TraceDetail.extend({ score: z.number() });
export type TraceWithScore = z.infer<typeof TraceWithScore>;

export const StepPair = z.object({
  kind: z.enum(["same", "changed", "only_base", "only_other"]),
  base_index: z.number().int().nullable(),
  other_index: z.number().int().nullable(),
});
export type StepPair = z.infer<typeof StepPair>;

export const TextDiffPart = z.object({ op: z.enum(["equal", "insert", "delete"]), text: z.string() });
export type TextDiffPart = z.infer<typeof TextDiffPart>;

/** Seed shape ({base, other}) plus alignment and answer diff, which the seed did not have. */
export const CompareTracesResponse = z.object({
  base: TraceWithScore,
  other: TraceWithScore,
  alignment: z.object({
    pairs: z.array(StepPair),
    first_divergence: z.number().int().nullable(),
  }),
  final_answer_diff: z.object({ equal: z.boolean(), parts: z.array(TextDiffPart) }),
  score_delta: z.number(),
});
export type CompareTracesResponse = z.infer<typeof CompareTracesResponse>;

export const BulkScoreTracesBody = z
  .object({
    ids: z.array(z.string().max(64)).min(1).max(BULK_TRACE_IDS_MAX),
    criteria: ScoreCriteria.default("baseline"),
  })
  .strict();
export type BulkScoreTracesBody = z.infer<typeof BulkScoreTracesBody>;
export const BulkScoreTracesResponse = z.object({
  scored: z.array(z.object({ trace_id: Uuid, score: z.number() })),
  /** Traces left unscored, each with why (not stored, or lacking what the criteria needs). */
  skipped: z.array(z.object({ trace_id: z.string(), reason: z.string() })),
});
export type BulkScoreTracesResponse = z.infer<typeof BulkScoreTracesResponse>;
