import { createHash } from "node:crypto";
import {
  EVAL_SET_MAX_ITEMS,
  type EvalItemInput,
  type EvalSetSummary,
  type ExtractionMethod,
} from "@tunix-rt/contracts";
import { sql } from "@tunix-rt/db";
import { AppError, type FieldError } from "../app-error.js";
import { datasetKey } from "../datasets/dataset-key.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { newId } from "../ids.js";
import { pgErrorCode, UNIQUE_VIOLATION } from "../pg-error.js";
import { getEvalSet } from "./eval-set-row.js";

const BATCH = 1000;
const MAX_REPORTED = 50;

export interface EvalSetHead {
  name: string;
  version: string;
  description?: string;
  extraction: ExtractionMethod[];
  source: Record<string, unknown>;
}

/** Where an item came from ("line 3", "trace <id>"), and the item or why it is unusable. */
export type EvalItemSource = { where: string; item: EvalItemInput } | { where: string; error: string };

/**
 * Stores a new eval set version from a stream of items, all or nothing: items are written in
 * batches inside one transaction while they are read (memory holds a batch and the ids seen),
 * and any bad item (each reported by where it came from) rolls the whole set back.
 */
export async function storeEvalSet(
  deps: ServiceDeps,
  head: EvalSetHead,
  /** The items, read with the transaction's handle (so a source that queries the database can). */
  items: (tx: ServiceDeps) => AsyncIterable<EvalItemSource>,
): Promise<EvalSetSummary> {
  const key = datasetKey(head.name, head.version);
  const id = newId();
  const problems: FieldError[] = [];
  let problemCount = 0;
  const report = (field: string, message: string) => {
    problemCount++;
    if (problems.length < MAX_REPORTED) problems.push({ field, message });
  };
  const hash = createHash("sha256");
  const categories: Record<string, number> = {};
  const difficulties: Record<string, number> = {};
  const ids = new Set<string>();
  let count = 0;
  const conflict = () =>
    new AppError("conflict", `Eval set ${key} already exists; eval sets are immutable, store a new version`);

  await timedWrite(deps, "store_eval_set", () =>
    deps.db.transaction(async (tx) => {
      try {
        await tx.execute(sql`INSERT INTO eval_sets (id, eval_set_key, name, version, description, source, extraction, item_count, content_hash, stats)
          VALUES (${id}, ${key}, ${head.name}, ${head.version}, ${head.description ?? null}, ${JSON.stringify(head.source)}::jsonb,
                  ${JSON.stringify(head.extraction)}::jsonb, 0, '', '{}'::jsonb)`);
      } catch (err) {
        if (pgErrorCode(err) === UNIQUE_VIOLATION) throw conflict();
        throw err;
      }
      let batch: Array<Record<string, unknown>> = [];
      const flush = async () => {
        if (!batch.length || problemCount) return;
        await tx.execute(sql`INSERT INTO eval_items (eval_set_id, position, item_id, prompt, expected_answer, category, difficulty)
          SELECT ${id}, x.p, x.i, x.q, x.a, x.c, x.d
          FROM json_to_recordset(${JSON.stringify(batch)}::json) AS x(p int, i text, q text, a text, c text, d text)`);
        batch = [];
      };
      for await (const source of items({ ...deps, db: tx })) {
        if ("error" in source) {
          report(source.where, source.error);
          continue;
        }
        const it = source.item;
        if (ids.has(it.id)) {
          report(source.where, `duplicate id ${JSON.stringify(it.id)}`);
          continue;
        }
        if (count >= EVAL_SET_MAX_ITEMS) {
          report(source.where, `an eval set holds at most ${EVAL_SET_MAX_ITEMS} items`);
          break;
        }
        ids.add(it.id);
        const category = it.category ?? null;
        const difficulty = it.difficulty ?? null;
        hash.update(`${JSON.stringify([it.id, it.prompt, it.expected_answer, category, difficulty])}\n`);
        if (category !== null) categories[category] = (categories[category] ?? 0) + 1;
        if (difficulty !== null) difficulties[difficulty] = (difficulties[difficulty] ?? 0) + 1;
        batch.push({ p: count, i: it.id, q: it.prompt, a: it.expected_answer, c: category, d: difficulty });
        count++;
        if (batch.length >= BATCH) await flush();
      }
      if (problemCount) {
        const more = problemCount > problems.length ? ` (the first ${problems.length} are listed)` : "";
        throw new AppError(
          "validation",
          `${problemCount} item(s) of eval set ${key} are invalid; nothing was stored${more}`,
          { errors: problems },
        );
      }
      if (count === 0)
        throw new AppError("validation", `Eval set ${key} would be empty: no items were given`);
      await flush();
      await tx.execute(sql`UPDATE eval_sets SET item_count = ${count}, content_hash = ${hash.digest("hex")},
        stats = ${JSON.stringify({ categories, difficulties })}::jsonb WHERE id = ${id}`);
    }),
  );
  return getEvalSet(deps, key);
}
