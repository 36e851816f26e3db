import type { CompareEvaluationsQuery, EvaluationComparison } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { isUuid } from "../ids.js";
import { type EvaluationRow, toEvaluationDetail } from "./get-evaluation.js";
import { mcnemarExact, pairedBootstrap } from "./paired-stats.js";
import { type PairedCounts, pairedDifferenceInterval, wilsonInterval } from "./wilson.js";

/** The bootstrap's seed: fixed, so a comparison reads the same every time it is asked for. */
const BOOTSTRAP_SEED = 20_260_101;

/** The four cells of two evaluations' per-item results, in one pass over the paired items. */
export const pairedCountsSql = (baselineId: string, candidateId: string) =>
  sql`SELECT count(*) FILTER (WHERE x.correct AND y.correct) AS bc,
      count(*) FILTER (WHERE y.correct AND NOT x.correct) AS oc,
      count(*) FILTER (WHERE x.correct AND NOT y.correct) AS ob,
      count(*) FILTER (WHERE NOT x.correct AND NOT y.correct) AS bw
    FROM eval_results x JOIN eval_results y ON y.run_id = ${candidateId} AND y.position = x.position
    WHERE x.run_id = ${baselineId}`;

type PairRow = EvaluationRow & Record<"bc" | "oc" | "ob" | "bw", number | string | null>;

/**
 * Both evaluations' rows, each with the pair's counts beside it (one statement). Exported so the
 * benchmark can time this exact SQL bare.
 */
export function pairSql(ids: string[], counts: boolean) {
  const c =
    counts && ids.length === 2
      ? pairedCountsSql(ids[0]!, ids[1]!)
      : sql`SELECT NULL::int AS bc, NULL::int AS oc, NULL::int AS ob, NULL::int AS bw`;
  return sql`WITH c AS (${c})
    SELECT r.*, e.summary, e.evaluated_at, e.contaminated_items, e.llm_judge, NULL AS items_done, NULL AS first_done,
      NULL AS first_at, NULL AS last_at, c.*
    FROM runs r LEFT JOIN evaluations e ON e.run_id = r.id CROSS JOIN c
    WHERE r.id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) AND r.kind = 'eval'`;
}

/**
 * Two evaluations, and (with `counts`) their paired counts, in one statement: both rows come back
 * with the counts beside them. Checked: both exist, are completed, and scored the same eval set.
 */
async function loadPairRows(
  deps: ServiceDeps,
  q: { baseline: string; candidate: string },
  counts: boolean,
): Promise<{ base: EvaluationRow; cand: EvaluationRow; counts: PairedCounts }> {
  const ids = [q.baseline, q.candidate].filter(isUuid);
  const rows = ids.length ? await queryRows<PairRow>(deps.db, pairSql(ids, counts)) : [];
  const pick = (id: string, role: string) => {
    const row = rows.find((r) => r.id === id.toLowerCase());
    if (!row) throw new AppError("not_found", `Evaluation not found: ${id}`);
    if (row.status !== "completed" || !row.summary)
      throw new AppError(
        "conflict",
        `The ${role} evaluation ${id} is ${row.status}; only completed evaluations can be compared`,
      );
    return row;
  };
  const base = pick(q.baseline, "baseline");
  const cand = pick(q.candidate, "candidate");
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
  const r = rows[0]!;
  return {
    base,
    cand,
    counts: {
      bothCorrect: Number(r.bc ?? 0),
      onlyCandidate: Number(r.oc ?? 0),
      onlyBaseline: Number(r.ob ?? 0),
      bothWrong: Number(r.bw ?? 0),
    },
  };
}

/** Two completed evaluations of the same eval set, or a clear error saying why they are not. */
export async function loadPair(
  deps: ServiceDeps,
  q: { baseline: string; candidate: string },
): Promise<{ base: EvaluationRow; cand: EvaluationRow }> {
  return loadPairRows(deps, q, false);
}

/** Two completed evaluations of one eval set, item by item, with the paired difference's interval. */
export async function compareEvaluations(
  deps: ServiceDeps,
  q: CompareEvaluationsQuery,
): Promise<EvaluationComparison> {
  const { base, cand, counts } = await loadPairRows(deps, q, true);
  const [b, c] = [toEvaluationDetail(base), toEvaluationDetail(cand)];
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
