import { createWriteStream, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EvalRunConfig } from "@tunix-rt/contracts";
import {
  checkpointCopies,
  evalItemPrompts,
  type JudgeConfig,
  judgeEvaluation,
  recordEvaluation,
  renderPrompt,
  runDirFor,
  scoreEvaluation,
} from "@tunix-rt/services";
import type { ExecutionContext, RunExecutor } from "../run-executor.js";
import { linkCheckpoint } from "./link-checkpoint.js";

const PROMPTS = "prompts.jsonl";
const PREDICTIONS = "predictions.jsonl";

const configOf = (ctx: ExecutionContext) => EvalRunConfig.parse(ctx.run.config);

/** prompts.jsonl: each item's prompt rendered as the model was trained (template, instruction). */
async function writePrompts(ctx: ExecutionContext, c: EvalRunConfig) {
  const out = createWriteStream(join(ctx.dir, PROMPTS));
  for await (const item of evalItemPrompts(ctx.deps, c.eval_set.id)) {
    const line = `${JSON.stringify({ id: String(item.position), prompt: renderPrompt(item.prompt, c.system_instruction) })}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

/**
 * An evaluation run: the eval set's prompts rendered into the run directory, the evaluated
 * checkpoint linked in beside them, then `<trainer> predict`, then every prediction scored here
 * (answer extracted and compared, format checked) and stored with the run's summary.
 */
export function createEvalExecutor(judge: JudgeConfig | null): RunExecutor {
  return {
    async prepare(ctx) {
      const c = configOf(ctx);
      await writePrompts(ctx, c);
      const { subject } = c;
      if (subject.checkpoint.startsWith("checkpoints/") && subject.run_id) {
        const own = join(ctx.dir, subject.checkpoint);
        if (!existsSync(own)) {
          const [from] = await checkpointCopies(ctx.deps, subject.run_id, subject.step ?? -1, (id) =>
            runDirFor(ctx.dataDir, id),
          );
          if (!from)
            throw new Error(
              `${subject.checkpoint} of run ${subject.run_id} is gone (a trainer keeps only its last few); evaluate another step`,
            );
          linkCheckpoint(from, own);
        }
      }
      // What the trainer's predict needs to rebuild the model (the training run's model settings).
      const runFile = {
        run_id: ctx.run.id,
        attempt: ctx.run.attempt,
        kind: "eval",
        trainer: c.trainer,
        model_id: c.model_id,
        seed: c.model.seed,
        max_seq_length: c.model.max_seq_length,
        trainer_options: c.model.trainer_options,
        response_style: c.response_style,
        evaluated: c.subject,
        eval_set: c.eval_set,
        data: { prompts: PROMPTS },
      };
      writeFileSync(join(ctx.dir, "run.json"), `${JSON.stringify(runFile, null, 2)}\n`);
      ctx.note(
        `evaluating ${c.subject.run_id ? `run ${c.subject.run_id} ${c.subject.checkpoint}` : `base model ${c.model_id}`} on ${c.eval_set.key} (${c.eval_set.item_count} items)`,
      );
    },
    args(ctx) {
      const c = configOf(ctx);
      return [
        "predict",
        "--run-dir",
        ctx.dir,
        "--checkpoint",
        c.subject.checkpoint,
        "--input",
        PROMPTS,
        "--output",
        PREDICTIONS,
        "--max-new-tokens",
        String(c.max_new_tokens),
        "--batch-size",
        String(c.batch_size),
      ];
    },
    // Progress points (predict/items_done in metrics.jsonl) become the evaluation's live progress.
    env: () => ({ TUNIX_RT_PREDICT_PROGRESS: "1" }),
    async collect(ctx, exit) {
      if (exit.stoppedFor || exit.code !== 0) return { resumableFrom: null };
      const c = configOf(ctx);
      const summary = await scoreEvaluation(ctx.deps, ctx.run.id, c, join(ctx.dir, PREDICTIONS));
      await recordEvaluation(ctx.deps, ctx.run.id, c, summary);
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      ctx.note(
        `accuracy ${pct(summary.accuracy)} (95% interval ${pct(summary.ci95[0])}–${pct(summary.ci95[1])}, ${summary.correct}/${summary.n}), format ${pct(summary.format_rate)}`,
      );
      if (c.judge === "llm") {
        if (!judge)
          throw new Error(
            "this evaluation asks for an LLM judge, but this worker has none: set TUNIX_RT_JUDGE_BASE_URL and TUNIX_RT_JUDGE_MODEL (the verifier's results are stored)",
          );
        ctx.note(`asking the LLM judge ${judge.model} at ${judge.baseUrl} (${judge.concurrency} at once)`);
        let shown = 0;
        const j = await judgeEvaluation(ctx.deps, ctx.run.id, c, judge, (done, total) => {
          if (done - shown >= 50 || done === total) {
            shown = done;
            ctx.note(`judged ${done}/${total}`);
          }
        });
        ctx.note(
          `LLM judge: ${pct(j.accuracy)} correct of ${j.judged} judged (95% interval ${pct(j.ci95[0])}–${pct(j.ci95[1])}), ${j.unparseable} unparseable, ${j.errors} errors; agrees with the verifier on ${j.agreement_with_verifier === null ? "—" : pct(j.agreement_with_verifier)}; ${j.prompt_tokens + j.completion_tokens} tokens`,
        );
      }
      return { resumableFrom: null };
    },
  };
}

/** The eval kind without an LLM judge. */
export const evalExecutor: RunExecutor = createEvalExecutor(null);
