import type { CompareEvaluationsQuery, EvaluationComparison } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { type EvaluationRow, getEvaluationRow, toEvaluationDetail } from "./get-evaluation.js";
import { mcnemarExact, pairedBootstrap } from "./paired-stats.js";
import { type PairedCounts, pairedDifferenceInterval, wilsonInterval } from "./wilson.js";

/** The bootstrap's seed: fixed, so a comparison reads the same every time it is asked for. */
const BOOTSTRAP_SEED = 20_260_101;

async function completed(deps: ServiceDeps, id: string, role: string): Promise<EvaluationRow> {
  const row = await getEvaluationRow(deps, id);
  if (row.status !== "completed" || !row.summary)
    throw new AppError(
      "conflict",
      `The ${role} evaluation ${id} is ${row.status}; only completed evaluations can be compared`,
    );
  return row;
}

/** Two completed evaluations of the same eval set, or a clear error saying why they are not. */
export async function loadPair(
  deps: ServiceDeps,
  q: { baseline: string; candidate: string },
): Promise<{ base: EvaluationRow; cand: EvaluationRow }> {
  const base = await completed(deps, q.baseline, "baseline");
  const cand = await completed(deps, q.candidate, "candidate");
  if (base.eval_set_id !== cand.eval_set_id) {
    const [b, c] = [toEvaluationDetail(base), toEvaluationDetail(cand)];
    throw new AppError(
      "validation",
      `The evaluations are of different eval sets (${b.eval_set.key} and ${c.eval_set.key}); compare evaluations of the same set`,
      {
        errors: [
          { field: "query/candidate", message: `evaluated on ${c.eval_set.key}, not ${b.eval_set.key}` },
        ],
      },
    );
  }
  return { base, cand };
}

/** Two completed evaluations of one eval set, item by item, with the paired difference's interval. */
export async function compareEvaluations(
  deps: ServiceDeps,
  q: CompareEvaluationsQuery,
): Promise<EvaluationComparison> {
  const { base, cand } = await loadPair(deps, q);
  const [b, c] = [toEvaluationDetail(base), toEvaluationDetail(cand)];
  const [row] = await queryRows<Record<"bc" | "oc" | "ob" | "bw", number | string>>(
    deps.db,
    sql`SELECT count(*) FILTER (WHERE x.correct AND y.correct) AS bc,
          count(*) FILTER (WHERE y.correct AND NOT x.correct) AS oc,
          count(*) FILTER (WHERE x.correct AND NOT y.correct) AS ob,
          count(*) FILTER (WHERE NOT x.correct AND NOT y.correct) AS bw
        FROM eval_results x JOIN eval_results y ON y.run_id = ${cand.id} AND y.position = x.position
        WHERE x.run_id = ${base.id}`,
  );
  const counts: PairedCounts = {
    bothCorrect: Number(row?.bc ?? 0),
    onlyCandidate: Number(row?.oc ?? 0),
    onlyBaseline: Number(row?.ob ?? 0),
    bothWrong: Number(row?.bw ?? 0),
  };
  const n = counts.bothCorrect + counts.onlyCandidate + counts.onlyBaseline + counts.bothWrong;
  const side = (d: typeof b, k: number) => ({
    evaluation_id: d.evaluation_id,
    subject: d.subject,
    model_id: d.model_id,
    accuracy: n ? k / n : 0,
    ci95: wilsonInterval(k, n),
  });
  const ci95 = pairedDifferenceInterval(counts);
  return {
    eval_set: b.eval_set.key,
    n,
    baseline: side(b, counts.bothCorrect + counts.onlyBaseline),
    candidate: side(c, counts.bothCorrect + counts.onlyCandidate),
    both_correct: counts.bothCorrect,
    only_candidate: counts.onlyCandidate,
    only_baseline: counts.onlyBaseline,
    both_wrong: counts.bothWrong,
    difference: n ? (counts.onlyCandidate - counts.onlyBaseline) / n : 0,
    ci95,
    conclusion: ci95[0] > 0 ? "candidate_better" : ci95[1] < 0 ? "candidate_worse" : "no_difference_shown",
    mcnemar_p: mcnemarExact(counts.onlyBaseline, counts.onlyCandidate),
    bootstrap: pairedBootstrap(counts, BOOTSTRAP_SEED),
    contaminated_items: {
      baseline: base.contaminated_items === null ? null : Number(base.contaminated_items),
      candidate: cand.contaminated_items === null ? null : Number(cand.contaminated_items),
    },
  };
}
