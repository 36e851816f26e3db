import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { EVAL_JUDGE, type EvalRunConfig, type EvalSummary } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { modelKeyOf } from "../leaderboard/model-key.js";
import { appendMetrics } from "../runs/run-metrics.js";
import { countTokens } from "../tokens/gemma-tokenizer.js";
import { contaminatedPositions, subjectDataset } from "./contamination.js";
import { reasoningText } from "./format-check.js";
import { scoreItem } from "./score-item.js";
import { EvalAccumulator } from "./summarize.js";

const BATCH = 1000;

interface Prediction {
  id: string;
  prediction: string;
  output_tokens?: number;
  latency_ms?: number;
}

/** predictions.jsonl, one parsed line at a time (the trainer writes them in input order). */
async function* readPredictions(path: string): AsyncGenerator<Prediction> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    const p = JSON.parse(line) as Prediction;
    if (typeof p?.id !== "string" || typeof p.prediction !== "string")
      throw new Error(`predictions.jsonl line ${n}: expected {"id", "prediction"}`);
    yield p;
  }
}

interface ItemRow {
  position: number;
  expected_answer: string;
  category: string | null;
  difficulty: string | null;
}

async function* items(deps: ServiceDeps, evalSetId: string): AsyncGenerator<ItemRow[]> {
  for (let after = -1; ; ) {
    const rows = await queryRows<ItemRow>(
      deps.db,
      sql`SELECT position, expected_answer, category, difficulty FROM eval_items
          WHERE eval_set_id = ${evalSetId} AND position > ${after} ORDER BY position LIMIT ${BATCH}`,
    );
    if (!rows.length) return;
    yield rows;
    after = Number(rows[rows.length - 1]!.position);
  }
}

const int = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? Math.round(v) : null);

/**
 * Scores an evaluation run's predictions against its eval set, a batch at a time (items and
 * predictions are read in step, so memory holds one batch), stores every item's result, and
 * returns the summary. Reasoning length is counted in Gemma 3 tokens whatever the model's own
 * tokenizer, so models are comparable. A second attempt replaces the first's results.
 */
export async function scoreEvaluation(
  deps: ServiceDeps,
  runId: string,
  config: EvalRunConfig,
  predictionsPath: string,
): Promise<EvalSummary> {
  await deps.db.execute(sql`DELETE FROM eval_results WHERE run_id = ${runId}`);
  const acc = new EvalAccumulator();
  const predictions = readPredictions(predictionsPath);
  for await (const batch of items(deps, config.eval_set.id)) {
    const scored = [];
    for (const item of batch) {
      const next = await predictions.next();
      if (next.done)
        throw new Error(
          `predictions.jsonl ends after ${acc.summary().n} of ${config.eval_set.item_count} items`,
        );
      const p = next.value;
      if (p.id !== String(item.position))
        throw new Error(`predictions.jsonl: expected item ${item.position}, found ${JSON.stringify(p.id)}`);
      const s = scoreItem(p.prediction, item.expected_answer, config.response_style, config.extraction);
      scored.push({ item, p, s, reasoning: reasoningText(p.prediction, config.response_style) });
    }
    const reasoningTokens = await countTokens(scored.map((x) => x.reasoning));
    const rows = scored.map((x, i) => ({
      p: x.item.position,
      o: x.p.prediction,
      e: x.s.extracted,
      x: x.s.extraction,
      c: x.s.correct,
      m: x.s.match,
      f: x.s.formatOk,
      t: int(x.p.output_tokens),
      r: reasoningTokens[i] ?? null,
      l: typeof x.p.latency_ms === "number" ? x.p.latency_ms : null,
    }));
    for (const [i, row] of rows.entries())
      acc.add({
        correct: row.c,
        formatOk: row.f,
        answered: row.e !== null,
        category: scored[i]!.item.category,
        difficulty: scored[i]!.item.difficulty,
        outputTokens: row.t,
        reasoningTokens: row.r,
      });
    await timedWrite(deps, "store_eval_results", () =>
      deps.db.execute(sql`INSERT INTO eval_results (run_id, position, output, extracted, extraction, correct, match_method, format_ok,
          output_tokens, reasoning_tokens, latency_ms)
        SELECT ${runId}, x.p, x.o, x.e, x.x, x.c, x.m, x.f, x.t, x.r, x.l
        FROM json_to_recordset(${JSON.stringify(rows)}::json)
          AS x(p int, o text, e text, x text, c boolean, m text, f boolean, t int, r int, l real)`),
    );
  }
  if (!(await predictions.next()).done)
    throw new Error("predictions.jsonl has more lines than the eval set has items");
  return acc.summary();
}

/** Stores a finished evaluation (its figures for lists and leaderboards) and its final metrics. */
export async function recordEvaluation(
  deps: ServiceDeps,
  runId: string,
  config: EvalRunConfig,
  summary: EvalSummary,
): Promise<void> {
  const dataset = await subjectDataset(deps, config.subject.run_id);
  const contaminated = dataset
    ? (await contaminatedPositions(deps, config.eval_set.id, dataset)).length
    : null;
  const modelKey = modelKeyOf({
    subjectRunId: config.subject.run_id,
    checkpoint: config.subject.checkpoint,
    trainer: config.trainer,
    modelId: config.model_id,
  });
  await deps.db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO evaluations (run_id, eval_set_id, subject_run_id, checkpoint, step, model_id, trainer, n, correct,
      accuracy, ci_low, ci_high, format_rate, mean_reasoning_tokens, tokens_per_correct, summary, judge_version,
      contaminated_items, model_key)
    VALUES (${runId}, ${config.eval_set.id}, ${config.subject.run_id}, ${config.subject.checkpoint}, ${config.subject.step},
      ${config.model_id}, ${config.trainer}, ${summary.n}, ${summary.correct}, ${summary.accuracy}, ${summary.ci95[0]},
      ${summary.ci95[1]}, ${summary.format_rate}, ${summary.mean_reasoning_tokens}, ${summary.tokens_per_correct},
      ${JSON.stringify(summary)}::jsonb, ${EVAL_JUDGE.version}, ${contaminated}, ${modelKey})
    ON CONFLICT (run_id) DO UPDATE SET n = EXCLUDED.n, correct = EXCLUDED.correct, accuracy = EXCLUDED.accuracy,
      ci_low = EXCLUDED.ci_low, ci_high = EXCLUDED.ci_high, format_rate = EXCLUDED.format_rate,
      mean_reasoning_tokens = EXCLUDED.mean_reasoning_tokens, tokens_per_correct = EXCLUDED.tokens_per_correct,
      summary = EXCLUDED.summary, contaminated_items = EXCLUDED.contaminated_items, evaluated_at = now()`);
    // The newest evaluation of this model on this set is the one rankings count; recomputed over
    // the model's evaluations rather than flipped, so two recorded at once still end with one.
    await tx.execute(sql`UPDATE evaluations e SET is_latest = (e.run_id = l.run_id)
      FROM (SELECT run_id FROM evaluations WHERE model_key = ${modelKey} AND eval_set_id = ${config.eval_set.id}
            ORDER BY evaluated_at DESC, run_id DESC LIMIT 1) l
      WHERE e.model_key = ${modelKey} AND e.eval_set_id = ${config.eval_set.id}`);
  });
  // As the run's final metrics, so run lists show them like a training run's loss.
  const step = config.subject.step ?? 0;
  await appendMetrics(deps, runId, [
    { step, name: "eval/accuracy", value: summary.accuracy },
    { step, name: "eval/format_rate", value: summary.format_rate },
    ...(summary.mean_reasoning_tokens === null
      ? []
      : [{ step, name: "eval/reasoning_tokens", value: summary.mean_reasoning_tokens }]),
  ]);
}
