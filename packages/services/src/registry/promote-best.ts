import type { PromoteBestBody, PromoteBestResponse } from "@tunix-rt/contracts";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { compareEvaluations } from "../evals/compare-evaluations.js";
import { listLeaderboard } from "../leaderboard/list-leaderboard.js";
import { promoteModel } from "./promote-model.js";

/**
 * "Promote best": the trained checkpoint ranked first on an eval set by the named figure, with the
 * evidence (its interval, and a paired test against the runner-up on the same items). It promotes
 * only when asked, so the evidence can be read first.
 */
export async function promoteBest(
  deps: ServiceDeps,
  dataDir: string,
  name: string,
  body: PromoteBestBody,
): Promise<PromoteBestResponse> {
  const board = await listLeaderboard(deps, {
    eval_set: [body.eval_set],
    dataset: body.dataset,
    trainer: body.trainer,
    label: body.label,
    sort: `-${body.metric}`,
    limit: 100,
  });
  // Only trained checkpoints can be promoted: not base models, not a run's untrained init.
  const ranked = board.data.filter(
    (r) => r.model.run_id && r.model.checkpoint !== "init" && r.results[body.eval_set],
  );
  const [best, next] = ranked;
  if (!best)
    throw new AppError(
      "validation",
      `No trained checkpoint has a completed evaluation on ${body.eval_set} (with these filters)`,
      {
        errors: [{ field: "eval_set", message: "nothing evaluated to promote" }],
      },
    );
  const cell = best.results[body.eval_set]!;
  let runnerUp: PromoteBestResponse["runner_up"] = null;
  if (next) {
    const other = next.results[body.eval_set]!;
    const c = await compareEvaluations(deps, {
      baseline: other.evaluation_id,
      candidate: cell.evaluation_id,
    });
    runnerUp = {
      model: next.model.key,
      evaluation_id: other.evaluation_id,
      value: other[body.metric],
      difference: c.difference,
      ci95: c.ci95,
      mcnemar_p: c.mcnemar_p,
      conclusion: c.conclusion,
    };
  }
  const promoted = body.promote
    ? await promoteModel(deps, dataDir, name, {
        run_id: best.model.run_id!,
        checkpoint: best.model.checkpoint,
        description: body.description,
        aliases: body.aliases,
      })
    : null;
  return {
    eval_set: body.eval_set,
    metric: body.metric,
    best: {
      model: best.model.key,
      run_id: best.model.run_id!,
      checkpoint: best.model.checkpoint,
      evaluation_id: cell.evaluation_id,
      value: cell[body.metric],
      accuracy: cell.accuracy,
      ci95: cell.ci95,
      n: cell.n,
      contaminated_items: cell.contaminated_items,
    },
    runner_up: runnerUp,
    promoted,
  };
}
