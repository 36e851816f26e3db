export { AppError, type AppErrorCode, type FieldError, zodFieldErrors } from "./app-error.js";
export * from "./artifacts/index.js";
export { alignSteps } from "./compare/align-steps.js";
export { diffText } from "./compare/text-diff.js";
export { type DatabaseHealth, databaseHealth } from "./database-health.js";
export { assignSplit } from "./datasets/assign-split.js";
export { buildDataset, datasetContentHash } from "./datasets/build-dataset.js";
export { datasetKey } from "./datasets/dataset-key.js";
export { deleteDataset } from "./datasets/delete-dataset.js";
export { datasetMembers, exportDatasetLines } from "./datasets/export-dataset.js";
export { exportSourceLines, exportTraceIdLines, parseTraceIds } from "./datasets/export-traces.js";
export { getDataset, getDatasetRow } from "./datasets/get-dataset.js";
export { listDatasets } from "./datasets/list-datasets.js";
export { materializeExport } from "./datasets/materialize-export.js";
export { previewDataset } from "./datasets/preview-dataset.js";
export { publishRunEvent, type RunEventBus, type ServiceDeps } from "./deps.js";
export { buildEvalSet, datasetPrompts } from "./evals/build-eval-set.js";
export { availableSteps, checkpointCopies, checkpointSteps } from "./evals/checkpoints.js";
export { compareEvaluations, pairSql } from "./evals/compare-evaluations.js";
export { compareItem, compareItems } from "./evals/compare-items.js";
export { submitCheckpointEvaluations } from "./evals/continuous-evaluation.js";
export { listEvalResults } from "./evals/eval-results.js";
export { type EvalSetRow, getEvalSet, getEvalSetRow } from "./evals/eval-set-row.js";
export { DEFAULT_EXTRACTION, extractAnswer } from "./evals/extract-answer.js";
export { isWellFormatted, reasoningText } from "./evals/format-check.js";
export {
  getEvaluation,
  listEvaluations,
  PROGRESS_METRIC,
  toEvaluationDetail,
  verdictOf,
} from "./evals/get-evaluation.js";
export { EVAL_LINE_MAX_BYTES, importEvalSet } from "./evals/import-eval-set.js";
export { deleteEvalSet, evalItemPrompts, listEvalItems, listEvalSets } from "./evals/list-eval-sets.js";
export { bestEvaluation, resolveSubject } from "./evals/resolve-subject.js";
export { runEvaluations } from "./evals/run-evaluations.js";
export { recordEvaluation, scoreEvaluation } from "./evals/score-evaluation.js";
export { scoreItem } from "./evals/score-item.js";
export { evaluateRun, SEED_DETAIL_MAX, seedEvaluation } from "./evals/seed-evaluation.js";
export { type SubmitEvalContext, submitEvalRun } from "./evals/submit-eval-run.js";
export { EvalAccumulator } from "./evals/summarize.js";
export { pairedDifferenceInterval, wilsonInterval } from "./evals/wilson.js";
export { arithmeticTrace } from "./generators/arithmetic.js";
export { generateTraces } from "./generators/generate-traces.js";
export { highCardDuelTrace, highCardDuelWinnerTrace, playDuel } from "./generators/high-card-duel.js";
export { createRng, type Rng } from "./generators/prng.js";
export { GENERATORS, listGenerators } from "./generators/registry.js";
export { isUuid, newId, toIso } from "./ids.js";
export {
  DEFAULT_JUDGE_TEMPLATE,
  type JudgeConfig,
  judgeAnswer,
  parseVerdict,
  retryAfterMs,
} from "./judge/judge-client.js";
export { judgeEvaluation } from "./judge/judge-evaluation.js";
export { leaderboardSql, listLeaderboard } from "./leaderboard/list-leaderboard.js";
export { resolveModelRef } from "./leaderboard/model-ref.js";
export { listSeedEvaluations } from "./leaderboard/seed-evaluations.js";
export { createRediHealth, type RediConfig, type RediHealth } from "./redi/redi-health.js";
export { modelArchive } from "./registry/model-download.js";
export { deleteAlias, getModel, getModelVersion, listModels, setAlias } from "./registry/model-versions.js";
export { promoteBest } from "./registry/promote-best.js";
export { promoteModel } from "./registry/promote-model.js";
export { deleteBaseline, getBaseline, listBaselines, putBaseline } from "./regression/baselines.js";
export { checkGate } from "./regression/check-gate.js";
export {
  modelResponse,
  type RenderOptions,
  type ResponseStyle,
  renderGemma,
  renderPrompt,
  userContent,
} from "./render/chat-template.js";
export {
  EXPORT_FORMATS,
  type ExportFormat,
  exportRecord,
  type StoredTrace,
  trainingExampleId,
} from "./render/export-records.js";
export { dumpYaml, type YamlValue, yamlFloat } from "./render/manifest-yaml.js";
export { pyIsoformat, pyJsonDumps } from "./render/python-json.js";
export { cancelRun } from "./runs/cancel-run.js";
export { type ClaimingWorker, claimRun } from "./runs/claim-run.js";
export { compareParams, compareRuns, flattenConfig, metricDirection } from "./runs/compare-runs.js";
export {
  finishRun,
  pruneOldLogs,
  type RunOutcome,
  recoverLostRuns,
  requestShutdownCancel,
} from "./runs/finish-run.js";
export { insertRun, type NewRun } from "./runs/insert-run.js";
export { BUILTIN_TRAINERS, trainerAvailability, WORKER_ALIVE_SECONDS } from "./runs/known-trainers.js";
export { listRuns } from "./runs/list-runs.js";
export { renameRun } from "./runs/rename-run.js";
export { retryRun } from "./runs/retry-run.js";
export { latestCheckpoint, runDirFor } from "./runs/run-dir.js";
export { appendLogs, type LogOwner, maxLogSeq, readLogs } from "./runs/run-logs.js";
export {
  appendMetrics,
  lastMetricValues,
  type MetricRecord,
  newMetricPoints,
  restartRunMetrics,
  runMetricSeries,
} from "./runs/run-metrics.js";
export { getRunDetail, PROGRESS_SERIES } from "./runs/run-progress.js";
export {
  getRunRow,
  getRunState,
  type RunRow,
  runMessage,
  statusEvent,
  toRunDetail,
  toRunSummary,
} from "./runs/run-row.js";
export { canTransition, guardedMoves, guardTo, isTerminal, sourcesOf } from "./runs/run-state.js";
export {
  dryRunCount,
  liveWorkerCount,
  runCountsByStatus,
  runTimeHistogram,
  totalLogLines,
} from "./runs/run-stats.js";
export { type SubmitRunContext, submitRun } from "./runs/submit-run.js";
export {
  heartbeat,
  listWorkers,
  markWorkerStopped,
  registerWorker,
  runsAskedToCancel,
  type WorkerIdentity,
} from "./runs/worker-registry.js";
export { answerMatchScore, normalizeAnswer, parseNumber } from "./scoring/answer-match.js";
export { baselineScore } from "./scoring/baseline-score.js";
export { datasetExamples, datasetTokens } from "./tokens/dataset-tokens.js";
export { countTokens, stopTokenizer, TOKENIZER_NAME, TOKENIZER_NOTE } from "./tokens/gemma-tokenizer.js";
export { renderTrace } from "./tokens/render-trace.js";
export { tokenHistogram } from "./tokens/token-histogram.js";
export { deleteTraces, scoreTraces } from "./traces/bulk-traces.js";
export { compareTraces } from "./traces/compare-traces.js";
export { countTraces } from "./traces/count-traces.js";
export { createTrace } from "./traces/create-trace.js";
export { createTraceBatch } from "./traces/create-trace-batch.js";
export { deleteTrace } from "./traces/delete-trace.js";
export { getTrace } from "./traces/get-trace.js";
export { type ImportTracesOptions, importTraces } from "./traces/import-traces.js";
export { listTraces } from "./traces/list-traces.js";
export { listTraceScores, scoreTrace } from "./traces/score-trace.js";
export { canonicalJson, storedPayloadJson, traceContentHash } from "./traces/trace-record.js";
