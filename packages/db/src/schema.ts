import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

/**
 * Traces keep the whole validated payload plus the columns that lists and filters need, so a list
 * page never has to parse payloads. Ids are UUIDv7: ordering by id is ordering by time. Payloads
 * are `json`, not `jsonb`: jsonb reorders object keys, and exports must give back `meta` in the
 * order the user wrote it (the seed's exports are byte-compared). Nothing queries inside payloads
 * on a hot path.
 */
export const traces = pgTable(
  "traces",
  {
    id: uuid("id").primaryKey(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    traceVersion: varchar("trace_version", { length: 64 }).notNull(),
    payload: json("payload").notNull(),
    source: text("source"),
    stepCount: integer("step_count").notNull(),
    contentHash: varchar("content_hash", { length: 64 }).notNull(),
  },
  (t) => [
    index("traces_source_id_idx").on(t.source, t.id),
    index("traces_content_hash_idx").on(t.contentHash),
    index("traces_created_at_idx").on(t.createdAt),
  ],
);

export const scores = pgTable(
  "scores",
  {
    id: uuid("id").primaryKey(),
    traceId: uuid("trace_id")
      .notNull()
      .references(() => traces.id, { onDelete: "cascade" }),
    criteria: varchar("criteria", { length: 64 }).notNull(),
    score: doublePrecision("score").notNull(),
    details: json("details"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [index("scores_trace_criteria_id_idx").on(t.traceId, t.criteria, sql`${t.id} DESC`)],
);

/**
 * A dataset version is immutable: its request, statistics and content hash are written once, with
 * its ordered members. Members hold their traces with ON DELETE RESTRICT, so a trace that a
 * dataset uses cannot disappear from under it.
 */
export const datasets = pgTable(
  "datasets",
  {
    id: uuid("id").primaryKey(),
    datasetKey: varchar("dataset_key", { length: 200 }).notNull().unique(),
    datasetName: varchar("dataset_name", { length: 128 }).notNull(),
    datasetVersion: varchar("dataset_version", { length: 64 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    request: json("request").notNull(),
    traceCount: integer("trace_count").notNull(),
    splitCounts: json("split_counts").notNull(),
    stats: json("stats").notNull(),
    contentHash: varchar("content_hash", { length: 64 }).notNull(),
    parentDatasetId: text("parent_dataset_id"),
    tokenStats: jsonb("token_stats"),
  },
  (t) => [index("datasets_parent_idx").on(t.parentDatasetId)],
);

export const datasetMembers = pgTable(
  "dataset_members",
  {
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    traceId: uuid("trace_id")
      .notNull()
      .references(() => traces.id, { onDelete: "restrict" }),
    split: varchar("split", { length: 8 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.datasetId, t.position] }),
    index("dataset_members_trace_idx").on(t.traceId),
  ],
);

/**
 * The run queue is this table: workers claim `pending` rows with FOR UPDATE SKIP LOCKED, hold a
 * lease they renew while the trainer runs, and a lapsed lease marks a lost worker's run.
 */
export const runs = pgTable(
  "runs",
  {
    id: uuid("id").primaryKey(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    status: varchar("status", { length: 20 }).notNull(),
    /** What the run executes (train, eval, …): the worker runs it with that kind's executor. */
    kind: varchar("kind", { length: 32 }).notNull().default("train"),
    /** A person's name for the run ("lr 4e-3, warmup 200"); null until given. */
    name: varchar("name", { length: 200 }),
    mode: varchar("mode", { length: 10 }).notNull(),
    datasetId: uuid("dataset_id").references(() => datasets.id, { onDelete: "restrict" }),
    datasetKey: varchar("dataset_key", { length: 256 }).notNull(),
    modelId: varchar("model_id", { length: 256 }).notNull(),
    trainer: varchar("trainer", { length: 64 }).notNull(),
    config: json("config").notNull(),
    labels: jsonb("labels").notNull(),
    priority: integer("priority").notNull().default(0),
    attempt: integer("attempt").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(1),
    timeoutSeconds: integer("timeout_seconds"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "string" }),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "string" }),
    exitCode: integer("exit_code"),
    workerId: varchar("worker_id", { length: 128 }),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, mode: "string" }),
    error: text("error"),
    stdoutTail: text("stdout_tail").notNull().default(""),
    stderrTail: text("stderr_tail").notNull().default(""),
    finalMetrics: json("final_metrics"),
    findings: json("findings"),
    resumableFrom: text("resumable_from"),
    retryOf: uuid("retry_of"),
    lastSeq: integer("last_seq").notNull().default(0),
    /** The run an evaluation evaluates (a training run's checkpoint); null for a base model. */
    parentRunId: uuid("parent_run_id"),
    /** The eval set an evaluation run scores against. */
    evalSetId: uuid("eval_set_id").references(() => evalSets.id, { onDelete: "restrict" }),
  },
  (t) => [
    index("runs_claim_idx").on(t.status, sql`${t.priority} DESC`, t.id),
    index("runs_parent_idx").on(t.parentRunId, t.kind),
    index("runs_dataset_idx").on(t.datasetKey),
    index("runs_lease_idx").on(t.leaseExpiresAt),
  ],
);

/** One row per log line, numbered per run; (run_id, seq) is unique so a replayed batch can't duplicate. */
export const runLogs = pgTable(
  "run_logs",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    stream: varchar("stream", { length: 6 }).notNull(),
    line: text("line").notNull(),
    t: timestamp("t", { withTimezone: true, mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export const runMetrics = pgTable(
  "run_metrics",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    name: varchar("name", { length: 128 }).notNull(),
    step: doublePrecision("step").notNull(),
    value: doublePrecision("value").notNull(),
    t: timestamp("t", { withTimezone: true, mode: "string" }),
  },
  (t) => [index("run_metrics_series_idx").on(t.runId, t.name, t.step)],
);

export const workers = pgTable("workers", {
  id: varchar("id", { length: 128 }).primaryKey(),
  host: varchar("host", { length: 256 }).notNull(),
  trainers: jsonb("trainers").notNull(),
  /** The run kinds this worker has executors for. */
  kinds: jsonb("kinds").notNull().default(["train"]),
  labels: jsonb("labels").notNull(),
  concurrency: integer("concurrency").notNull(),
  running: integer("running").notNull().default(0),
  startedAt: timestamp("started_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  stoppedAt: timestamp("stopped_at", { withTimezone: true, mode: "string" }),
});

/**
 * An eval set version: immutable once stored, like a dataset version, identified by its key
 * (name-version) and content hash. `source` says where its items came from (an import, a dataset's
 * split, a generator with the dataset it was held out from); `extraction` the order answers are
 * looked for in outputs.
 */
export const evalSets = pgTable("eval_sets", {
  id: uuid("id").primaryKey(),
  evalSetKey: varchar("eval_set_key", { length: 200 }).notNull().unique(),
  name: varchar("name", { length: 128 }).notNull(),
  version: varchar("version", { length: 64 }).notNull(),
  description: text("description"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  source: jsonb("source").notNull(),
  extraction: jsonb("extraction").notNull(),
  itemCount: integer("item_count").notNull(),
  contentHash: varchar("content_hash", { length: 64 }).notNull(),
  stats: jsonb("stats").notNull(),
});

/** The items of an eval set, in order; an item's id is unique within its set. */
export const evalItems = pgTable(
  "eval_items",
  {
    evalSetId: uuid("eval_set_id")
      .notNull()
      .references(() => evalSets.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    itemId: varchar("item_id", { length: 256 }).notNull(),
    prompt: text("prompt").notNull(),
    expectedAnswer: text("expected_answer").notNull(),
    category: varchar("category", { length: 128 }),
    difficulty: varchar("difficulty", { length: 64 }),
  },
  (t) => [
    primaryKey({ columns: [t.evalSetId, t.position] }),
    uniqueIndex("eval_items_item_idx").on(t.evalSetId, t.itemId),
  ],
);

/** What an evaluation run's model answered for each item, and how it scored. */
export const evalResults = pgTable(
  "eval_results",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    output: text("output").notNull(),
    extracted: text("extracted"),
    extraction: varchar("extraction", { length: 16 }),
    correct: boolean("correct").notNull(),
    matchMethod: varchar("match_method", { length: 16 }).notNull(),
    formatOk: boolean("format_ok").notNull(),
    outputTokens: integer("output_tokens"),
    reasoningTokens: integer("reasoning_tokens"),
    latencyMs: real("latency_ms"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.position] })],
);

/**
 * One row per finished evaluation run: the model it scored (a run's checkpoint, its untrained
 * initialisation, or a base model), the eval set, and the figures a leaderboard sorts on.
 */
export const evaluations = pgTable(
  "evaluations",
  {
    runId: uuid("run_id")
      .primaryKey()
      .references(() => runs.id, { onDelete: "cascade" }),
    evalSetId: uuid("eval_set_id")
      .notNull()
      .references(() => evalSets.id, { onDelete: "restrict" }),
    subjectRunId: uuid("subject_run_id"),
    checkpoint: varchar("checkpoint", { length: 256 }).notNull(),
    step: integer("step"),
    modelId: varchar("model_id", { length: 256 }).notNull(),
    trainer: varchar("trainer", { length: 64 }).notNull(),
    n: integer("n").notNull(),
    correct: integer("correct").notNull(),
    accuracy: doublePrecision("accuracy").notNull(),
    ciLow: doublePrecision("ci_low").notNull(),
    ciHigh: doublePrecision("ci_high").notNull(),
    formatRate: doublePrecision("format_rate").notNull(),
    meanReasoningTokens: doublePrecision("mean_reasoning_tokens"),
    tokensPerCorrect: doublePrecision("tokens_per_correct"),
    summary: jsonb("summary").notNull(),
    judgeVersion: varchar("judge_version", { length: 16 }).notNull(),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
    /**
     * Eval items whose normalised prompt is also in the training data of the evaluated model (its
     * run's dataset); null where that is unknown (a base model).
     */
    contaminatedItems: integer("contaminated_items"),
    /**
     * The evaluated model's key: `<run id>:<checkpoint>`, or `base:<trainer>:<model id>` (one
     * definition, in services' model-key). Written with the row, so rankings group on a column.
     */
    modelKey: varchar("model_key", { length: 400 }),
    /** The newest evaluation of its model on its eval set: the one a leaderboard counts. */
    isLatest: boolean("is_latest").notNull().default(false),
    /** The LLM judge's summary (who judged, its accuracy and interval, tokens), apart from the verifier's. */
    llmJudge: jsonb("llm_judge"),
  },
  (t) => [
    index("evaluations_subject_idx").on(t.subjectRunId, t.evalSetId, t.step),
    index("evaluations_set_idx").on(t.evalSetId, t.accuracy),
    index("evaluations_latest_idx").on(t.evalSetId, t.modelKey).where(sql`${t.isLatest}`),
    index("evaluations_model_idx").on(t.modelKey, t.evalSetId, t.evaluatedAt),
  ],
);

/**
 * A named baseline for the regression gate: a model (a training run's checkpoint, a registered
 * model version, or a base model) pinned per eval set. Upserted by name.
 */
export const regressionBaselines = pgTable("regression_baselines", {
  name: varchar("name", { length: 128 }).primaryKey(),
  evalSetId: uuid("eval_set_id")
    .notNull()
    .references(() => evalSets.id, { onDelete: "restrict" }),
  /** The model as written by the person pinning it ("<run>:<checkpoint>", "base:<trainer>:<model>", "model:<name>@<version>"). */
  model: varchar("model", { length: 400 }).notNull(),
  /** The largest accuracy drop the gate allows by default (an absolute fraction, 0.02 = 2 points). */
  maxDrop: doublePrecision("max_drop").notNull().default(0.02),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
});

/**
 * A registered model version: a training run's checkpoint, frozen under a name. Its files live
 * content-addressed under the data folder (`models/<sha256>`), so two promotions of the same
 * content are one version, and deleting the run's checkpoints never takes the version's files.
 */
export const modelVersions = pgTable(
  "model_versions",
  {
    id: uuid("id").primaryKey(),
    name: varchar("name", { length: 128 }).notNull(),
    version: integer("version").notNull(),
    sha256: varchar("sha256", { length: 64 }).notNull(),
    sizeBytes: doublePrecision("size_bytes").notNull(),
    fileCount: integer("file_count").notNull(),
    runId: uuid("run_id").notNull(),
    checkpoint: varchar("checkpoint", { length: 256 }).notNull(),
    step: integer("step"),
    description: text("description"),
    /** Run, config, dataset key and hash, and the evaluations known when it was promoted. */
    lineage: jsonb("lineage").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("model_versions_name_version_idx").on(t.name, t.version),
    uniqueIndex("model_versions_name_sha_idx").on(t.name, t.sha256),
    index("model_versions_run_idx").on(t.runId, t.checkpoint),
  ],
);

/** Movable names for a version of a model ("production", "candidate"). */
export const modelAliases = pgTable(
  "model_aliases",
  {
    name: varchar("name", { length: 128 }).notNull(),
    alias: varchar("alias", { length: 64 }).notNull(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.name, t.alias] })],
);

/**
 * An LLM judge's verdict on one item of an evaluation, kept apart from the verifier's result in
 * `eval_results`: which judge (endpoint, model, prompt template hash), its raw reply, the tokens.
 */
export const evalJudgments = pgTable(
  "eval_judgments",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** correct, incorrect, unparseable (a reply without a verdict) or error (no reply after retries). */
    verdict: varchar("verdict", { length: 16 }).notNull(),
    reason: text("reason"),
    raw: text("raw"),
    judgeModel: varchar("judge_model", { length: 256 }).notNull(),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    latencyMs: real("latency_ms"),
    attempts: integer("attempts").notNull(),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.position] })],
);
