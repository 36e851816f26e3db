import { z } from "zod";
import { PageInfo } from "./common.js";
import { queueSettings, trainSettings } from "./run-settings.js";
import { RUN_STATUSES } from "./run-status.js";

export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

/** What a run trains on and how; everything a trainer needs lands in run.json. */
const RunName = z.string().trim().min(1, "must not be blank").max(200);

export const SubmitRunBody = z
  .object({
    dataset_key: z.string().min(1).max(256),
    /** A person's name for the run, shown beside its id ("lr 4e-3, warmup 200"). */
    name: RunName.optional(),
    /** Absent: the trainer's preset (trainer-presets.ts); required for a trainer without one. */
    model_id: z.string().min(1).max(256).optional(),
    trainer: z.string().min(1).max(64).default("jax"),
    /** Absent: the trainer's preset, else 2e-5. */
    learning_rate: z.number().gt(0).max(1).optional(),
    ...trainSettings,
    ...queueSettings,
    /** "<run id>" (its latest checkpoint) or "<run id>/checkpoints/<step>". */
    resume_from: z.string().max(512).nullable().optional(),
    /** Eval sets (keys) every saved checkpoint is evaluated on, as evaluation runs linked to this run. */
    eval_sets: z.array(z.string().min(1).max(256)).max(4).default([]),
    /** What makes a checkpoint this run's best, on the first eval set. */
    best_metric: z.enum(["accuracy", "format_rate"]).default("accuracy"),
    /** The seed defaulted to a dry run, and so do we: a script written for it never starts training by surprise. */
    dry_run: z.boolean().default(true),
    /** Seed field; accepted and ignored (the trainer picks its device; see trainer_options). */
    output_dir: z.string().max(512).optional(),
    device: z.enum(["cpu", "cuda", "auto"]).optional(),
  })
  .strict();
export type SubmitRunBody = z.infer<typeof SubmitRunBody>;
export type SubmitRunBodyInput = z.input<typeof SubmitRunBody>;

export const DryRunFinding = z.object({
  check: z.string(),
  ok: z.boolean(),
  message: z.string(),
});
export type DryRunFinding = z.infer<typeof DryRunFinding>;

/** How far a running run has trained: its last logged step, of max_steps, at the recent rate. */
export const RunProgress = z.object({
  step: z.number(),
  /** max_steps; null when the run trains for epochs. */
  total_steps: z.number().int().nullable(),
  steps_per_second: z.number().nullable(),
  eta_seconds: z.number().nullable(),
});
export type RunProgress = z.infer<typeof RunProgress>;

/** The fields that change while a run is live; null when they do not apply to its state. */
export const RunLive = z.object({
  progress: RunProgress.nullable(),
  /** A pending run's place among the runs waiting to be claimed (1 = next), by priority then age. */
  queue_position: z.number().int().nullable(),
});
export type RunLive = z.infer<typeof RunLive>;

/** Everything about a run; seed fields (run_id, status, mode, dataset_key, model_id, exit_code, stdout, stderr, duration_seconds, started_at, completed_at, message) kept. */
export const RunDetail = z.object({
  run_id: z.string(),
  /** What the run executes (RUN_KINDS; a worker may register more). */
  kind: z.string(),
  /** A person's name for it; null until given. */
  name: z.string().nullable(),
  status: RunStatus,
  mode: z.enum(["dry-run", "local"]),
  dataset_key: z.string(),
  model_id: z.string(),
  trainer: z.string(),
  output_dir: z.string(),
  exit_code: z.number().int().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  duration_seconds: z.number().nullable(),
  queued_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  message: z.string(),
  error: z.string().nullable(),
  worker_id: z.string().nullable(),
  attempt: z.number().int(),
  max_attempts: z.number().int(),
  priority: z.number().int(),
  labels: z.array(z.string()),
  config: z.record(z.string(), z.unknown()),
  final_metrics: z.record(z.string(), z.number()).nullable(),
  resumable_from: z.string().nullable(),
  retry_of: z.string().nullable(),
  findings: z.array(DryRunFinding).nullable(),
  ...RunLive.shape,
});
export type RunDetail = z.infer<typeof RunDetail>;

export const RunSummary = RunDetail.pick({
  run_id: true,
  /** The submitted training config, so a list can show any of its fields as a column. */
  config: true,
  kind: true,
  name: true,
  status: true,
  mode: true,
  dataset_key: true,
  model_id: true,
  trainer: true,
  queued_at: true,
  started_at: true,
  completed_at: true,
  duration_seconds: true,
  labels: true,
  priority: true,
  final_metrics: true,
  error: true,
  progress: true,
  queue_position: true,
});
export type RunSummary = z.infer<typeof RunSummary>;

/** PATCH /api/tunix/runs/{id}: a new name, or null to clear it. */
export const UpdateRunBody = z.object({ name: RunName.nullable() }).strict();
export type UpdateRunBody = z.infer<typeof UpdateRunBody>;

export const RunStatusResponse = z.object({
  run_id: z.string(),
  status: RunStatus,
  queued_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  exit_code: z.number().int().nullable(),
});
export type RunStatusResponse = z.infer<typeof RunStatusResponse>;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date-time");
export const RUN_SORT =
  /^-?(created_at|name|status|duration|config:[A-Za-z0-9_.-]{1,128}|metric:[A-Za-z0-9_./@:-]{1,128})$/;
export const ListRunsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
  status: RunStatus.optional(),
  kind: z.string().max(32).optional(),
  dataset_key: z.string().max(256).optional(),
  model_id: z.string().max(256).optional(),
  trainer: z.string().max(64).optional(),
  label: z.string().max(64).optional(),
  mode: z.enum(["dry-run", "local"]).optional(),
  created_after: isoDate.optional(),
  created_before: isoDate.optional(),
  /**
   * `created_at` (default `-created_at`), `name`, `status`, `duration`, `config:<field>` (dots
   * reach into nested fields) or `metric:<name>` (the final metric); `-` first sorts high to low.
   * Runs without the value sort last either way.
   */
  sort: z
    .string()
    .max(200)
    .regex(RUN_SORT, "must be [-]created_at|name|status|duration|config:<field>|metric:<name>")
    .default("-created_at"),
});
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;
export const ListRunsResponse = z.object({ data: z.array(RunSummary), pagination: PageInfo });
export type ListRunsResponse = z.infer<typeof ListRunsResponse>;

export const RetryRunBody = z.object({ resume: z.boolean().default(false) }).strict();

export const MetricPoint = z.object({ step: z.number(), value: z.number(), t: z.string().nullable() });
export const RunMetricsQuery = z.object({
  names: z.string().max(2000).optional(),
  max_points: z.coerce.number().int().min(2).max(100_000).default(1000),
});
export const RunMetricsResponse = z.object({
  run_id: z.string(),
  series: z.array(
    z.object({ name: z.string(), points: z.array(MetricPoint), total_points: z.number().int() }),
  ),
});
export type RunMetricsResponse = z.infer<typeof RunMetricsResponse>;

export const WorkerInfo = z.object({
  worker_id: z.string(),
  host: z.string(),
  kinds: z.array(z.string()),
  trainers: z.array(z.string()),
  labels: z.array(z.string()),
  concurrency: z.number().int(),
  running: z.number().int(),
  started_at: z.string(),
  heartbeat_at: z.string(),
  alive: z.boolean(),
});
export type WorkerInfo = z.infer<typeof WorkerInfo>;
export const ListWorkersResponse = z.object({ data: z.array(WorkerInfo) });
