import { queryRows, sql } from "@tunix-rt/db";
import { getDatasetRow } from "../datasets/get-dataset.js";
import type { ServiceDeps } from "../deps.js";
import { normalizeAnswer } from "../scoring/answer-match.js";
import { datasetPrompts } from "./build-eval-set.js";

const PAGE = 5000;
/** Pairs remembered: both sides are immutable, so an answer never goes stale. */
const KEPT = 64;
const known = new Map<string, Promise<number[]>>();

/**
 * Positions of the eval set's items whose normalised prompt is also a prompt of the dataset
 * version a model was trained on: a right answer there may be remembered, not reasoned. Eval sets
 * and dataset versions never change (and cannot be deleted while a run uses them), so the answer
 * is kept per pair: listing a comparison's items page by page reads the dataset once, not per page.
 */
export function contaminatedPositions(
  deps: ServiceDeps,
  evalSetId: string,
  datasetKey: string,
): Promise<number[]> {
  const key = `${evalSetId} ${datasetKey}`;
  let hit = known.get(key);
  if (!hit) {
    hit = computePositions(deps, evalSetId, datasetKey);
    hit.catch(() => known.delete(key));
    known.set(key, hit);
    if (known.size > KEPT) known.delete(known.keys().next().value!);
  }
  return hit;
}

async function computePositions(deps: ServiceDeps, evalSetId: string, datasetKey: string): Promise<number[]> {
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
