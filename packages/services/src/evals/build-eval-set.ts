import type { BuildEvalSetBody, EvalSetSummary } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { datasetMembers } from "../datasets/export-dataset.js";
import { getDatasetRow } from "../datasets/get-dataset.js";
import type { ServiceDeps } from "../deps.js";
import { GENERATORS } from "../generators/registry.js";
import { normalizeAnswer } from "../scoring/answer-match.js";
import { type EvalItemSource, storeEvalSet } from "./store-eval-set.js";

type DatasetSource = Extract<BuildEvalSetBody["source"], { kind: "dataset" }>;
type GeneratorSource = Extract<BuildEvalSetBody["source"], { kind: "generator" }>;

/** A generator that cannot find this many new problems gives up after this many tries per item. */
const TRIES_PER_ITEM = 50;

const text = (v: unknown) => (v === undefined || v === null || v === "" ? null : String(v));

/** The items of a dataset version's split: prompt, and meta.expected_answer or the final answer. */
async function* fromDataset(
  deps: ServiceDeps,
  buildId: string,
  split: string,
): AsyncGenerator<EvalItemSource> {
  for await (const t of datasetMembers(deps, buildId, split)) {
    const meta = (t.payload.meta ?? {}) as Record<string, unknown>;
    yield {
      where: `trace ${t.id}`,
      item: {
        id: t.id,
        prompt: t.payload.prompt,
        expected_answer: text(meta.expected_answer) ?? t.payload.final_answer,
        category: text(meta.category) ?? text(meta.source),
        difficulty: text(meta.difficulty),
      },
    };
  }
}

/** The normalised prompts of every member of a dataset version: what a held-out set must avoid. */
export async function datasetPrompts(deps: ServiceDeps, datasetKey: string): Promise<Set<string>> {
  const dataset = await getDatasetRow(deps, datasetKey);
  const prompts = new Set<string>();
  for await (const t of datasetMembers(deps, dataset.id)) prompts.add(normalizeAnswer(t.payload.prompt));
  return prompts;
}

/**
 * `count` generated problems, none of them in `exclude` (normalised prompts) and none twice: the
 * generator's item index k is tried in order, so the same request gives the same set.
 */
function heldOutItems(
  src: GeneratorSource,
  exclude: Set<string>,
  skipped: { excluded: number; repeated: number },
) {
  const gen = GENERATORS[src.generator];
  const seen = new Set<string>();
  const items: EvalItemSource[] = [];
  for (let k = 0; items.length < src.count && k < src.count * TRIES_PER_ITEM; k++) {
    const t = gen.make(src.seed, k, src.options, src.seed);
    const key = normalizeAnswer(t.prompt);
    if (exclude.has(key)) {
      skipped.excluded++;
      continue;
    }
    if (seen.has(key)) {
      skipped.repeated++;
      continue;
    }
    seen.add(key);
    const meta = (t.meta ?? {}) as Record<string, unknown>;
    items.push({
      where: `${src.generator} #${k}`,
      item: {
        id: `${src.generator}-${src.seed}-${k}`,
        prompt: t.prompt,
        expected_answer: text(meta.expected_answer) ?? t.final_answer,
        category: text(meta.category) ?? text(meta.operation) ?? text(meta.source),
        difficulty: text(meta.difficulty),
      },
    });
  }
  return items;
}

/** An eval set from a dataset version's split, or generated with a dataset held out. */
export async function buildEvalSet(deps: ServiceDeps, req: BuildEvalSetBody): Promise<EvalSetSummary> {
  const head = {
    name: req.name,
    version: req.version,
    description: req.description,
    extraction: req.extraction,
  };
  if (req.source.kind === "dataset") return fromDatasetSplit(deps, head, req.source);
  const src = req.source;
  const exclude = src.exclude_dataset ? await datasetPrompts(deps, src.exclude_dataset) : new Set<string>();
  const skipped = { excluded: 0, repeated: 0 };
  const items = heldOutItems(src, exclude, skipped);
  if (items.length < src.count)
    throw new AppError(
      "validation",
      `Only ${items.length} of ${src.count} problems could be generated that are new${src.exclude_dataset ? ` and not in ${src.exclude_dataset}` : ""}; ask for fewer or use other generator options`,
      { errors: [{ field: "source/count", message: `at most ${items.length} with these options` }] },
    );
  async function* all() {
    yield* items;
  }
  return storeEvalSet(deps, { ...head, source: { ...src, skipped } }, all);
}

async function fromDatasetSplit(
  deps: ServiceDeps,
  head: Omit<Parameters<typeof storeEvalSet>[1], "source">,
  src: DatasetSource,
): Promise<EvalSetSummary> {
  const dataset = await getDatasetRow(deps, src.dataset_key);
  const n = Number(dataset.split_counts[src.split] ?? 0);
  if (n === 0)
    throw new AppError("validation", `Dataset ${src.dataset_key} has no ${src.split} split to evaluate on`, {
      errors: [{ field: "source/split", message: `${src.dataset_key} has 0 ${src.split} examples` }],
    });
  return storeEvalSet(
    deps,
    { ...head, source: { ...src, dataset_id: dataset.id, content_hash: dataset.content_hash } },
    (tx) => fromDataset(tx, dataset.id, src.split),
  );
}

/** How many runs use an eval set (a set in use cannot be deleted). */
export async function evalSetUse(deps: ServiceDeps, evalSetId: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    deps.db,
    sql`SELECT count(*) AS n FROM runs WHERE eval_set_id = ${evalSetId}`,
  );
  return Number(rows[0]?.n ?? 0);
}
