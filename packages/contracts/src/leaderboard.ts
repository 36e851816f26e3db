import { z } from "zod";
import { PageInfo } from "./common.js";

const interval = z.tuple([z.number(), z.number()]);
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date-time");

/** What a leaderboard can be ordered by, on its primary eval set; `-` first sorts high to low. */
export const LEADERBOARD_SORTS = [
  "-accuracy",
  "accuracy",
  "-format_rate",
  "format_rate",
  "mean_reasoning_tokens",
  "-mean_reasoning_tokens",
  "tokens_per_correct",
  "-tokens_per_correct",
  "-evaluated_at",
  "evaluated_at",
] as const;
export type LeaderboardSort = (typeof LEADERBOARD_SORTS)[number];
export const LEADERBOARD_SETS_MAX = 10;

export const LeaderboardQuery = z.object({
  /** Eval set keys, comma-separated (at most 10); the first orders the board. Default: every set evaluated. */
  eval_set: z
    .string()
    .max(2600)
    .optional()
    .transform((s) =>
      s
        ? [
            ...new Set(
              s
                .split(",")
                .map((k) => k.trim())
                .filter(Boolean),
            ),
          ]
        : [],
    )
    .pipe(
      z.array(z.string().max(256)).max(LEADERBOARD_SETS_MAX, `at most ${LEADERBOARD_SETS_MAX} eval sets`),
    ),
  /** Only models trained on this dataset version (base models have none, so they drop out). */
  dataset: z.string().max(256).optional(),
  trainer: z.string().max(64).optional(),
  /** Only models whose training run carries this label. */
  label: z.string().max(64).optional(),
  evaluated_after: isoDate.optional(),
  evaluated_before: isoDate.optional(),
  sort: z.enum(LEADERBOARD_SORTS).default("-accuracy"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(600).optional(),
});
export type LeaderboardQuery = z.infer<typeof LeaderboardQuery>;
export type LeaderboardQueryInput = z.input<typeof LeaderboardQuery>;

/** A model as the leaderboard names it: a training run's checkpoint, or a base model. */
export const LeaderboardModel = z.object({
  /** `<run id>:<checkpoint>` or `base:<trainer>:<model id>`; usable wherever a model is asked for. */
  key: z.string(),
  run_id: z.string().nullable(),
  run_name: z.string().nullable(),
  checkpoint: z.string(),
  step: z.number().int().nullable(),
  model_id: z.string(),
  trainer: z.string(),
  dataset_key: z.string().nullable(),
  labels: z.array(z.string()),
  /** Registered model versions holding exactly this checkpoint ("arith@3"). */
  versions: z.array(z.string()),
});
export type LeaderboardModel = z.infer<typeof LeaderboardModel>;

/** The latest evaluation of a model on an eval set, as the board counts it. */
export const LeaderboardCell = z.object({
  evaluation_id: z.string(),
  n: z.number().int(),
  correct: z.number().int(),
  accuracy: z.number(),
  ci95: interval,
  format_rate: z.number(),
  mean_reasoning_tokens: z.number().nullable(),
  tokens_per_correct: z.number().nullable(),
  evaluated_at: z.string(),
  /** Items also in the model's training data (null: unknown, e.g. a base model). */
  contaminated_items: z.number().int().nullable(),
  /** How many evaluations of this model on this set there are (the latest counts; the rest is history). */
  evaluations: z.number().int(),
});
export type LeaderboardCell = z.infer<typeof LeaderboardCell>;

export const LeaderboardRow = z.object({
  model: LeaderboardModel,
  results: z.record(z.string(), LeaderboardCell),
});
export type LeaderboardRow = z.infer<typeof LeaderboardRow>;

export const LeaderboardResponse = z.object({
  eval_sets: z.array(z.object({ key: z.string(), id: z.string(), item_count: z.number().int() })),
  /** The eval set the order is taken on; null when nothing was evaluated. */
  sorted_by: z.object({ eval_set: z.string().nullable(), sort: z.enum(LEADERBOARD_SORTS) }),
  data: z.array(LeaderboardRow),
  pagination: PageInfo,
});
export type LeaderboardResponse = z.infer<typeof LeaderboardResponse>;

/** The seed's leaderboard path: evaluations, best first, offset-paged. */
export const SeedEvaluationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
