import { z } from "zod";
import { PageInfo } from "./common.js";
import { ExtractionMethod } from "./evals.js";
import { RunStatus } from "./runs.js";

const interval = z.tuple([z.number(), z.number()]);

/** Accuracy and format compliance of a group of items, with the accuracy's 95% Wilson interval. */
export const GroupStats = z.object({
  n: z.number().int(),
  correct: z.number().int(),
  accuracy: z.number(),
  ci95: interval,
  format_ok: z.number().int(),
  format_rate: z.number(),
});
export type GroupStats = z.infer<typeof GroupStats>;

export const EvalSummary = GroupStats.extend({
  /** Items where an answer could be found at all. */
  answered: z.number().int(),
  mean_output_tokens: z.number().nullable(),
  /** Reasoning length in Gemma 3 tokens, whatever the model's own tokenizer. */
  mean_reasoning_tokens: z.number().nullable(),
  /** Output tokens spent per correct answer. */
  tokens_per_correct: z.number().nullable(),
  by_category: z.record(z.string(), GroupStats),
  by_difficulty: z.record(z.string(), GroupStats),
});
export type EvalSummary = z.infer<typeof EvalSummary>;

/** An LLM judge's ruling on an evaluation, kept apart from the verifier's scores. */
export const LlmJudgeSummary = z.object({
  judge: z.object({ base_url: z.string(), model: z.string(), template_sha256: z.string() }),
  /** Items put to the judge. */
  n: z.number().int(),
  /** Items it gave a verdict on (the rest: unparseable replies and errors). */
  judged: z.number().int(),
  correct: z.number().int(),
  /** Correct among the judged, with its 95% Wilson interval. */
  accuracy: z.number(),
  ci95: interval,
  unparseable: z.number().int(),
  errors: z.number().int(),
  /** Share of the judged items where the judge and the verifier agree; null when none was judged. */
  agreement_with_verifier: z.number().nullable(),
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
});
export type LlmJudgeSummary = z.infer<typeof LlmJudgeSummary>;

export const Verdict = z.enum(["pass", "fail", "uncertain"]);
export type Verdict = z.infer<typeof Verdict>;

/** An evaluation: an evaluation run with what it scored and, once it finished, its figures. */
export const EvaluationDetail = z.object({
  evaluation_id: z.string(),
  status: RunStatus,
  eval_set: z.object({ key: z.string(), id: z.string(), item_count: z.number().int() }),
  /** The evaluated model: a training run's checkpoint, or a base model. */
  subject: z.object({
    run_id: z.string().nullable(),
    checkpoint: z.string(),
    requested: z.string(),
    step: z.number().int().nullable(),
  }),
  model_id: z.string(),
  trainer: z.string(),
  response_style: z.enum(["numbered", "tagged"]),
  system_instruction: z.string().nullable(),
  /** Items predicted so far while it runs (from the trainer's progress points), with rate and time left. */
  progress: z
    .object({
      done: z.number().int(),
      total: z.number().int(),
      items_per_second: z.number().nullable(),
      eta_seconds: z.number().nullable(),
    })
    .nullable(),
  summary: EvalSummary.nullable(),
  verdict: Verdict.nullable(),
  pass_threshold: z.number(),
  judge: z.object({ name: z.string(), version: z.string() }),
  /** The LLM judge's summary when one was asked for and has ruled; null otherwise. */
  llm_judge: LlmJudgeSummary.nullable(),
  queued_at: z.string(),
  started_at: z.string().nullable(),
  evaluated_at: z.string().nullable(),
  error: z.string().nullable(),
  continuous: z.boolean(),
});
export type EvaluationDetail = z.infer<typeof EvaluationDetail>;

export const ListEvaluationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  eval_set: z.string().max(256).optional(),
  /** The training run whose checkpoints were evaluated. */
  run_id: z.string().max(64).optional(),
  status: RunStatus.optional(),
});
export type ListEvaluationsQuery = z.infer<typeof ListEvaluationsQuery>;
export const ListEvaluationsResponse = z.object({ data: z.array(EvaluationDetail), pagination: PageInfo });
export type ListEvaluationsResponse = z.infer<typeof ListEvaluationsResponse>;

export const EVAL_RESULT_FILTERS = ["all", "correct", "wrong", "bad_format", "unanswered"] as const;
export const ListEvalResultsQuery = z.object({
  filter: z.enum(EVAL_RESULT_FILTERS).default("all"),
  category: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(32).optional(),
});
export type ListEvalResultsQuery = z.infer<typeof ListEvalResultsQuery>;

/** One item of an evaluation: the question, what the model said, and how it was scored. */
export const EvalItemResult = z.object({
  position: z.number().int(),
  item_id: z.string(),
  prompt: z.string(),
  expected_answer: z.string(),
  category: z.string().nullable(),
  difficulty: z.string().nullable(),
  output: z.string(),
  extracted: z.string().nullable(),
  extraction: ExtractionMethod.nullable(),
  correct: z.boolean(),
  match_method: z.string(),
  format_ok: z.boolean(),
  output_tokens: z.number().int().nullable(),
  reasoning_tokens: z.number().int().nullable(),
  latency_ms: z.number().nullable(),
});
export type EvalItemResult = z.infer<typeof EvalItemResult>;
export const ListEvalResultsResponse = z.object({ data: z.array(EvalItemResult), pagination: PageInfo });
export type ListEvalResultsResponse = z.infer<typeof ListEvalResultsResponse>;

/** A training run's evaluations over its checkpoints, per eval set, with the best one marked. */
export const RunEvaluationsResponse = z.object({
  run_id: z.string(),
  best_metric: z.enum(["accuracy", "format_rate"]),
  eval_sets: z.array(
    z.object({
      key: z.string(),
      points: z.array(
        z.object({
          evaluation_id: z.string(),
          checkpoint: z.string(),
          step: z.number().int().nullable(),
          status: RunStatus,
          n: z.number().int().nullable(),
          accuracy: z.number().nullable(),
          ci95: interval.nullable(),
          format_rate: z.number().nullable(),
        }),
      ),
      best: z
        .object({ evaluation_id: z.string(), checkpoint: z.string(), step: z.number().int().nullable() })
        .nullable(),
    }),
  ),
});
export type RunEvaluationsResponse = z.infer<typeof RunEvaluationsResponse>;

/** The seed's EvaluationResponse, with real meaning: score = accuracy × 100 on an eval set. */
export const SeedEvaluationResponse = z.object({
  evaluation_id: z.string(),
  run_id: z.string(),
  /** Null while the evaluation is queued or running. */
  score: z.number().nullable(),
  verdict: Verdict.nullable(),
  metrics: z.record(z.string(), z.number()),
  detailed_metrics: z.array(
    z.object({
      name: z.string(),
      score: z.number(),
      max_score: z.number(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  judge: z.object({ name: z.string(), version: z.string() }),
  evaluated_at: z.string().nullable(),
  status: RunStatus,
  eval_set: z.string(),
  checkpoint: z.string(),
  step: z.number().int().nullable(),
});
export type SeedEvaluationResponse = z.infer<typeof SeedEvaluationResponse>;

export const CompareEvaluationsQuery = z.object({
  /** The evaluation to measure against, e.g. the untrained model's. */
  baseline: z.string().min(1).max(64),
  candidate: z.string().min(1).max(64),
});
export type CompareEvaluationsQuery = z.infer<typeof CompareEvaluationsQuery>;

const ComparedEvaluation = z.object({
  evaluation_id: z.string(),
  subject: EvaluationDetail.shape.subject,
  model_id: z.string(),
  accuracy: z.number(),
  ci95: interval,
});

/**
 * Two completed evaluations of the same eval set, item by item: how many items each got right that
 * the other did not, and the difference in accuracy with its 95% interval (paired, so the shared
 * easy and hard items do not widen it).
 */
export const EvaluationComparison = z.object({
  eval_set: z.string(),
  n: z.number().int(),
  baseline: ComparedEvaluation,
  candidate: ComparedEvaluation,
  both_correct: z.number().int(),
  only_candidate: z.number().int(),
  only_baseline: z.number().int(),
  both_wrong: z.number().int(),
  /** candidate − baseline accuracy. */
  difference: z.number(),
  ci95: interval,
  /** better or worse only when the whole interval lies above or below zero. */
  conclusion: z.enum(["candidate_better", "candidate_worse", "no_difference_shown"]),
  /** Exact two-sided McNemar p-value on the items only one of them got right. */
  mcnemar_p: z.number(),
  /** Paired bootstrap 95% interval of the difference (seeded: the same comparison, the same interval). */
  bootstrap: z.object({ ci95: interval, resamples: z.number().int(), seed: z.number().int() }),
  /** Items also in each model's training data (null: unknown, e.g. a base model). */
  contaminated_items: z.object({
    baseline: z.number().int().nullable(),
    candidate: z.number().int().nullable(),
  }),
});
export type EvaluationComparison = z.infer<typeof EvaluationComparison>;
