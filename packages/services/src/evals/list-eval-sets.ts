import type { EvalItem, ListEvalItemsResponse, ListEvalSetsResponse } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { ServiceDeps } from "../deps.js";
import { evalSetUse } from "./build-eval-set.js";
import { type EvalSetRow, getEvalSetRow, toEvalSetSummary } from "./eval-set-row.js";

/** Eval sets, newest first (keyset on the UUIDv7 id). */
export async function listEvalSets(
  deps: ServiceDeps,
  q: { limit: number; cursor?: string },
): Promise<ListEvalSetsResponse> {
  const rows = await queryRows<EvalSetRow>(
    deps.db,
    sql`SELECT * FROM eval_sets ${q.cursor ? sql`WHERE id < ${decodeCursor(q.cursor)}` : sql``} ORDER BY id DESC LIMIT ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  return {
    data: page.map(toEvalSetSummary),
    pagination: {
      limit: q.limit,
      next_cursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!.id) : null,
    },
  };
}

/** An eval set's items in order, a page at a time (the cursor is the last position). */
export async function listEvalItems(
  deps: ServiceDeps,
  key: string,
  q: { limit: number; cursor?: string },
): Promise<ListEvalItemsResponse> {
  const set = await getEvalSetRow(deps, key);
  const after = q.cursor ? Number(q.cursor) : -1;
  if (!Number.isInteger(after)) throw new AppError("validation", "cursor must be a position");
  const rows = await queryRows<{
    position: number;
    item_id: string;
    prompt: string;
    expected_answer: string;
    category: string | null;
    difficulty: string | null;
  }>(
    deps.db,
    sql`SELECT position, item_id, prompt, expected_answer, category, difficulty FROM eval_items
        WHERE eval_set_id = ${set.id} AND position > ${after} ORDER BY position LIMIT ${q.limit + 1}`,
  );
  const page: EvalItem[] = rows.slice(0, q.limit).map((r) => ({
    position: Number(r.position),
    id: r.item_id,
    prompt: r.prompt,
    expected_answer: r.expected_answer,
    category: r.category,
    difficulty: r.difficulty,
  }));
  return {
    data: page,
    pagination: {
      limit: q.limit,
      next_cursor: rows.length > q.limit ? String(page[page.length - 1]!.position) : null,
    },
  };
}

/** Deletes an eval set no run uses (its evaluations would lose their questions). */
export async function deleteEvalSet(deps: ServiceDeps, key: string): Promise<void> {
  const set = await getEvalSetRow(deps, key);
  const used = await evalSetUse(deps, set.id);
  if (used) throw new AppError("conflict", `Eval set ${key} is used by ${used} run(s); it cannot be deleted`);
  await deps.db.execute(sql`DELETE FROM eval_sets WHERE id = ${set.id}`);
}

/** An eval set's items in order, a page at a time, for laying out an evaluation's prompts. */
export async function* evalItemPrompts(
  deps: ServiceDeps,
  evalSetId: string,
): AsyncGenerator<{ position: number; prompt: string }> {
  for (let after = -1; ; ) {
    const rows = await queryRows<{ position: number; prompt: string }>(
      deps.db,
      sql`SELECT position, prompt FROM eval_items WHERE eval_set_id = ${evalSetId} AND position > ${after}
          ORDER BY position LIMIT 1000`,
    );
    if (!rows.length) return;
    for (const r of rows) yield { position: Number(r.position), prompt: r.prompt };
    after = Number(rows[rows.length - 1]!.position);
  }
}
