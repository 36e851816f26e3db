import type { ScoreCriteria } from "@tunix-rt/contracts";
import { formatCompare } from "../../output/format-compare.js";
import { formatScoreResult, formatTraceDetail } from "../../output/format-trace.js";
import type { TracesContext } from "./cli-context.js";

/** `traces show ID`: the trace and its stored scores (JSON: the trace document plus `scores`). */
export async function showCommand(ctx: TracesContext, [id]: string[]): Promise<number> {
  const [trace, scores] = await Promise.all([ctx.client.traces.get(id!), ctx.client.traces.scores(id!)]);
  if (ctx.json) await ctx.printJson({ ...trace, scores: scores.data });
  else await ctx.lines(formatTraceDetail(trace, scores.data, ctx.width));
  return 0;
}

/** Several ids go as one bulk request; any trace left unscored makes the exit status 1. */
export async function scoreCommand(
  ctx: TracesContext,
  ids: string[],
  o: { criteria: ScoreCriteria },
): Promise<number> {
  const [id] = ids;
  if (ids.length > 1) {
    const r = await ctx.client.traces.bulkScore(ids, o.criteria);
    if (ctx.json) await ctx.printJson(r);
    else
      await ctx.lines([
        `scored ${r.scored.length} of ${ids.length} with ${o.criteria}`,
        ...r.skipped.map((s) => `skipped ${s.trace_id}: ${s.reason}`),
      ]);
    return r.skipped.length ? 1 : 0;
  }
  const result = await ctx.client.traces.score(id!, o.criteria);
  if (ctx.json) await ctx.printJson(result);
  else await ctx.lines(formatScoreResult(result, o.criteria, ctx.width));
  return 0;
}

export async function compareCommand(
  ctx: TracesContext,
  [base, other]: string[],
  o: { full?: boolean },
): Promise<number> {
  const result = await ctx.client.traces.compare(base!, other!);
  if (ctx.json) await ctx.printJson(result);
  else
    await ctx.lines(
      formatCompare(result, ctx.width, { maxStepLines: o.full ? Number.POSITIVE_INFINITY : 6 }),
    );
  return 0;
}

/**
 * One id: the API answers 204 with no body, so --json gets a small document scripts can parse.
 * Several: one all-or-none request; ids that were not stored make the exit status 1.
 */
export async function deleteCommand(ctx: TracesContext, ids: string[]): Promise<number> {
  const [id] = ids;
  if (ids.length > 1) {
    const r = await ctx.client.traces.bulkDelete(ids);
    if (ctx.json) await ctx.printJson(r);
    else await ctx.lines([`deleted ${r.deleted_count}`, ...r.not_found.map((x) => `not found ${x}`)]);
    return r.not_found.length ? 1 : 0;
  }
  await ctx.client.traces.delete(id!);
  if (ctx.json) await ctx.printJson({ id, deleted: true });
  else await ctx.lines([`deleted ${id}`]);
  return 0;
}
