import type { EvaluationDetail, ListEvaluationsQuery, SubmitEvalRunBodyInput } from "@tunix-rt/contracts";
import { formatComparison } from "../../output/format-comparison.js";
import { formatEvaluation, formatEvaluations, formatItemResult } from "../../output/format-evals.js";
import { serverFlag } from "../../output/format-runs.js";
import { startCountProgress } from "../count-progress.js";
import { DEFAULT_SERVER, type TracesContext } from "../traces/cli-context.js";
import { progressMode } from "../traces/import-progress.js";

export interface EvalRunOptions {
  evalSet: string;
  run?: string;
  checkpoint?: string;
  trainer?: string;
  model?: string;
  trainerOptions?: Record<string, unknown>;
  style?: "numbered" | "tagged";
  system?: string;
  maxNewTokens?: number;
  batchSize?: number;
  passThreshold?: number;
  judge?: "verifier" | "llm";
  label?: string[];
  priority?: number;
  timeout?: number | null;
  follow?: boolean;
}

export function evalRunBody(o: EvalRunOptions): SubmitEvalRunBodyInput {
  if (Boolean(o.run) === Boolean(o.model))
    throw new Error(
      "say what to evaluate: --run ID [--checkpoint final|best|init|STEP], or --trainer T --model M",
    );
  return {
    eval_set: o.evalSet,
    model: o.run
      ? { run_id: o.run, checkpoint: o.checkpoint ?? "final" }
      : { trainer: o.trainer ?? "jax", model_id: o.model!, trainer_options: o.trainerOptions ?? {} },
    response_style: o.style,
    system_instruction: o.system,
    max_new_tokens: o.maxNewTokens,
    batch_size: o.batchSize,
    pass_threshold: o.passThreshold,
    judge: o.judge,
    labels: o.label,
    priority: o.priority,
    timeout_seconds: o.timeout,
  };
}

/**
 * Follows an evaluation to its end: a progress bar of items predicted (count, rate, ETA) on a
 * terminal, a status line every 10 s otherwise; the run's log only with --json (as events).
 */
async function followEvaluation(ctx: TracesContext, e: EvaluationDetail): Promise<EvaluationDetail> {
  let done = 0;
  const progress = startCountProgress({
    mode: progressMode({ json: ctx.json, stderrIsTty: process.stderr.isTTY === true }),
    label: "evaluate",
    unit: "items",
    total: e.eval_set.item_count,
    done: () => done,
  });
  const onSigint = () => {
    progress.stop();
    process.stderr.write(
      `\ndetached: evaluation ${e.evaluation_id} goes on; see it with tunix-rt evals show ${e.evaluation_id}${serverFlag(ctx.server, DEFAULT_SERVER)}\n`,
    );
    process.exit(130);
  };
  process.on("SIGINT", onSigint);
  try {
    for await (const ev of ctx.client.runs.follow(e.evaluation_id)) {
      if (ev.event === "metric")
        for (const p of ev.data.points) if (p.name === "predict/items_done") done = Math.max(done, p.value);
      if (ctx.json && (ev.event === "log" || ev.event === "status"))
        await ctx.printJson({ event: ev.event, ...ev.data });
    }
  } finally {
    progress.stop();
    process.removeListener("SIGINT", onSigint);
  }
  return ctx.client.evals.get(e.evaluation_id);
}

/** `evals run`: queue an evaluation; with --follow, wait for it and print the summary with its interval. */
export async function evalRunCommand(
  ctx: TracesContext,
  _args: string[],
  o: EvalRunOptions,
): Promise<number> {
  let e = await ctx.client.evals.submit(evalRunBody(o));
  if (!o.follow) {
    if (ctx.json) await ctx.printJson(e);
    else
      await ctx.lines([
        ...formatEvaluation(e),
        `follow it: tunix-rt evals show ${e.evaluation_id}${serverFlag(ctx.server, DEFAULT_SERVER)} (or runs logs ${e.evaluation_id} -f)`,
      ]);
    return 0;
  }
  if (!ctx.json) process.stderr.write(`${formatEvaluation(e)[0]}\n`);
  e = await followEvaluation(ctx, e);
  if (ctx.json) await ctx.printJson({ event: "end", evaluation: e });
  else await ctx.lines(formatEvaluation(e));
  return e.status === "completed" ? 0 : 1;
}

export interface EvalShowOptions {
  wrong?: boolean;
  badFormat?: boolean;
  unanswered?: boolean;
  items?: boolean;
  limit?: number;
}

/** `evals show ID [--wrong | --bad-format | --unanswered | --items]`: the summary, then matching items in full. */
export async function evalShowCommand(
  ctx: TracesContext,
  [id]: string[],
  o: EvalShowOptions,
): Promise<number> {
  const e = await ctx.client.evals.get(id!);
  const filter = o.wrong
    ? "wrong"
    : o.badFormat
      ? "bad_format"
      : o.unanswered
        ? "unanswered"
        : o.items
          ? "all"
          : null;
  const items = filter ? await ctx.client.evals.items(id!, { filter, limit: o.limit ?? 20 }) : null;
  if (ctx.json) {
    await ctx.printJson(items ? { ...e, items: items.data, next_cursor: items.pagination.next_cursor } : e);
    return 0;
  }
  const lines = formatEvaluation(e);
  if (items) {
    lines.push("", items.data.length ? `${filter} items:` : `no ${filter} items`);
    for (const r of items.data) lines.push(...formatItemResult(r, ctx.width), "");
    if (items.pagination.next_cursor)
      lines.push(
        `more: --limit ${(o.limit ?? 20) * 2}, or GET /api/evals/runs/${id}/items?filter=${filter}&cursor=${items.pagination.next_cursor}`,
      );
  }
  await ctx.lines(lines);
  return 0;
}

export async function evalListCommand(
  ctx: TracesContext,
  _args: string[],
  o: { run?: string; evalSet?: string; status?: string; limit?: number },
): Promise<number> {
  const page = await ctx.client.evals.list({
    run_id: o.run,
    eval_set: o.evalSet,
    status: o.status as ListEvaluationsQuery["status"], // the server answers 422 for an unknown status
    limit: o.limit ?? 20,
  });
  if (ctx.json) await ctx.printJson(page);
  else await ctx.lines(formatEvaluations(page.data, ctx.width));
  return 0;
}

/** `evals compare BASELINE CANDIDATE`: the difference in accuracy, item by item, with its interval. */
export async function evalCompareCommand(
  ctx: TracesContext,
  [baseline, candidate]: string[],
): Promise<number> {
  const c = await ctx.client.evals.compare(baseline!, candidate!);
  if (ctx.json) await ctx.printJson(c);
  else await ctx.lines(formatComparison(c));
  return 0;
}
