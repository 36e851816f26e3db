import { writeFileSync } from "node:fs";
import type { LeaderboardSort } from "@tunix-rt/contracts";
import {
  formatFlips,
  formatGate,
  formatItemSteps,
  formatLeaderboard,
  gateJunit,
} from "../../output/format-quality.js";
import type { TracesContext } from "../traces/cli-context.js";

export interface LeaderboardOptions {
  evalSet?: string;
  dataset?: string;
  trainer?: string;
  label?: string;
  evaluatedAfter?: string;
  evaluatedBefore?: string;
  sort?: LeaderboardSort;
  limit?: number;
  cursor?: string;
}

/** `evals leaderboard`: one row per model, a column per eval set. */
export async function leaderboardCommand(
  ctx: TracesContext,
  _a: string[],
  o: LeaderboardOptions,
): Promise<number> {
  const board = await ctx.client.evals.leaderboard({
    eval_set: o.evalSet,
    dataset: o.dataset,
    trainer: o.trainer,
    label: o.label,
    evaluated_after: o.evaluatedAfter,
    evaluated_before: o.evaluatedBefore,
    sort: o.sort,
    limit: o.limit,
    cursor: o.cursor,
  });
  if (ctx.json) await ctx.printJson(board);
  else {
    await ctx.lines(formatLeaderboard(board));
    if (board.pagination.next_cursor)
      await ctx.lines([`more models: add --cursor ${board.pagination.next_cursor}`]);
  }
  return 0;
}

/** `evals flips BASELINE CANDIDATE [--item N]`: the items that changed, or one item's reasoning. */
export async function flipsCommand(
  ctx: TracesContext,
  [baseline, candidate]: string[],
  o: { change?: string; item?: number; limit?: number },
): Promise<number> {
  if (o.item !== undefined) {
    const d = await ctx.client.evals.compareItem(baseline!, candidate!, o.item);
    if (ctx.json) await ctx.printJson(d);
    else await ctx.lines(formatItemSteps(d));
    return 0;
  }
  const page = await ctx.client.evals.compareItems({
    baseline: baseline!,
    candidate: candidate!,
    change: (o.change ?? "flipped") as "flipped",
    limit: o.limit ?? 100,
  });
  if (ctx.json) await ctx.printJson(page);
  else await ctx.lines(formatFlips(page.data));
  return 0;
}

export async function baselineSetCommand(
  ctx: TracesContext,
  [name]: string[],
  o: { model: string; evalSet: string; maxDrop?: number },
): Promise<number> {
  const b = await ctx.client.evals.baselines.put({
    name: name!,
    model: o.model,
    eval_set: o.evalSet,
    max_drop: o.maxDrop,
  });
  if (ctx.json) await ctx.printJson(b);
  else
    await ctx.lines([
      `baseline ${b.name}: ${b.model} on ${b.eval_set}, allowed drop ${(100 * b.max_drop).toFixed(1)} points`,
    ]);
  return 0;
}

export async function baselineListCommand(ctx: TracesContext): Promise<number> {
  const { data } = await ctx.client.evals.baselines.list();
  if (ctx.json) await ctx.printJson({ data });
  else
    await ctx.lines(
      data.length
        ? data.map(
            (b) =>
              `${b.name}  ${b.model}  on ${b.eval_set}  allowed drop ${(100 * b.max_drop).toFixed(1)} points`,
          )
        : ["no baselines"],
    );
  return 0;
}

export async function baselineDeleteCommand(ctx: TracesContext, [name]: string[]): Promise<number> {
  await ctx.client.evals.baselines.delete(name!);
  if (ctx.json) await ctx.printJson({ name, deleted: true });
  else await ctx.lines([`deleted baseline ${name}`]);
  return 0;
}

/** Exit codes a CI step can branch on: the gate's verdict. */
const EXIT = { pass: 0, fail: 1, undecided: 2 } as const;

/**
 * `evals gate`: exit 0 pass, 1 fail, 2 undecided (an evaluation missing, or not enough evidence
 * with --require-evidence). A request the server refuses is also 2: the gate could not decide.
 */
export async function gateCommand(
  ctx: TracesContext,
  _a: string[],
  o: { candidate: string; baseline: string; maxDrop?: number; requireEvidence?: boolean; junit?: string },
): Promise<number> {
  let g: Awaited<ReturnType<typeof ctx.client.evals.gate>>;
  try {
    g = await ctx.client.evals.gate({
      baseline_name: o.baseline,
      candidate: o.candidate,
      max_drop: o.maxDrop,
      require_evidence: o.requireEvidence,
    });
  } catch (err) {
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { exitCode: EXIT.undecided });
  }
  if (o.junit) writeFileSync(o.junit, gateJunit(g));
  if (ctx.json) await ctx.printJson(g);
  else await ctx.lines(formatGate(g));
  return EXIT[g.verdict];
}
