import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { normalizeAnswer } from "../scoring/answer-match.js";
import { datasetPrompts } from "./build-eval-set.js";

const PAGE = 5000;

/**
 * Positions of the eval set's items whose normalised prompt is also a prompt of the dataset
 * version a model was trained on: a right answer there may be remembered, not reasoned.
 */
export async function contaminatedPositions(
  deps: ServiceDeps,
  evalSetId: string,
  datasetKey: string,
): Promise<number[]> {
  const trained = await datasetPrompts(deps, datasetKey);
  const hits: number[] = [];
  for (let after = -1; ; ) {
    const items = await queryRows<{ position: number; prompt: string }>(
      deps.db,
      sql`SELECT position, prompt FROM eval_items WHERE eval_set_id = ${evalSetId} AND position > ${after}
          ORDER BY position LIMIT ${PAGE}`,
    );
    for (const it of items) if (trained.has(normalizeAnswer(it.prompt))) hits.push(Number(it.position));
    if (items.length < PAGE) return hits;
    after = Number(items[items.length - 1]!.position);
  }
}

/** The training dataset of the run an evaluation evaluated; null for a base model. */
export async function subjectDataset(deps: ServiceDeps, subjectRunId: string | null): Promise<string | null> {
  if (!subjectRunId) return null;
  const rows = await queryRows<{ dataset_key: string }>(
    deps.db,
    sql`SELECT dataset_key FROM runs WHERE id = ${subjectRunId}`,
  );
  return rows[0]?.dataset_key ?? null;
}
