import type {
  BulkDeleteTracesResponse,
  BulkScoreTracesResponse,
  ReasoningTrace,
  ScoreCriteria,
} from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import { type ServiceDeps, timedWrite } from "../deps.js";
import { isUuid, newId } from "../ids.js";
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from "../pg-error.js";
import { computeScore } from "./score-trace.js";
import { idList } from "./trace-filters.js";

/** Every id must be a UUID; the message names the bad ones by position, as a body field error. */
function checkedIds(ids: readonly string[]): string[] {
  const bad = ids.flatMap((id, i) => (isUuid(id) ? [] : [i]));
  if (bad.length)
    throw new AppError(
      "validation",
      `${bad.length} of the ids ${bad.length === 1 ? "is" : "are"} not a UUID`,
      {
        errors: bad.slice(0, 20).map((i) => ({ field: `ids/${i}`, message: "must be a UUID" })),
      },
    );
  return [...new Set(ids)];
}

/**
 * Scores many traces under one criteria in one read and one write. Traces that are not stored or
 * lack what the criteria needs are reported, not fatal: the rest are scored.
 */
export async function scoreTraces(
  deps: ServiceDeps,
  ids: readonly string[],
  criteria: ScoreCriteria,
): Promise<BulkScoreTracesResponse> {
  const unique = checkedIds(ids);
  const rows = await queryRows<{ id: string; payload: ReasoningTrace }>(
    deps.db,
    sql`SELECT id, payload FROM traces WHERE id IN ${idList(unique)}`,
  );
  const found = new Map(rows.map((r) => [r.id, r.payload]));
  const scored: Array<{ trace_id: string; score: number; details: Record<string, unknown> }> = [];
  const skipped: BulkScoreTracesResponse["skipped"] = [];
  for (const id of unique) {
    const payload = found.get(id);
    if (!payload) {
      skipped.push({ trace_id: id, reason: "not found" });
      continue;
    }
    const result = computeScore(payload, criteria);
    if ("missing" in result) skipped.push({ trace_id: id, reason: result.missing });
    else scored.push({ trace_id: id, ...result });
  }
  if (scored.length) {
    const values = scored.map(
      (s) => sql`(${newId()}, ${s.trace_id}, ${criteria}, ${s.score}, ${JSON.stringify(s.details)}::json)`,
    );
    try {
      await timedWrite(deps, "score_traces", () =>
        deps.db.execute(
          sql`INSERT INTO scores (id, trace_id, criteria, score, details) VALUES ${sql.join(values, sql`, `)}`,
        ),
      );
    } catch (err) {
      // One insert for all: a trace deleted since the read fails it whole, so nothing half-written.
      if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION)
        throw new AppError(
          "conflict",
          "Nothing scored: some of these traces were deleted meanwhile; try again",
        );
      throw err;
    }
  }
  return { scored: scored.map(({ trace_id, score }) => ({ trace_id, score })), skipped };
}

/**
 * Deletes many traces, all or none: when any of them is part of a dataset (datasets are immutable),
 * nothing is deleted and the answer names the traces and datasets in the way.
 */
export async function deleteTraces(
  deps: ServiceDeps,
  ids: readonly string[],
): Promise<BulkDeleteTracesResponse> {
  const unique = checkedIds(ids);
  const used = await queryRows<{ trace_id: string; dataset_key: string }>(
    deps.db,
    sql`SELECT DISTINCT m.trace_id, d.dataset_key FROM dataset_members m JOIN datasets d ON d.id = m.dataset_id
        WHERE m.trace_id IN ${idList(unique)} ORDER BY d.dataset_key LIMIT 20`,
  );
  const conflict = (detail: string) => new AppError("conflict", detail);
  if (used.length) {
    const traces = new Set(used.map((u) => u.trace_id)).size;
    const keys = [...new Set(used.map((u) => u.dataset_key))];
    throw conflict(
      `Nothing deleted: ${traces}${used.length === 20 ? "+" : ""} of these traces are part of dataset${keys.length === 1 ? "" : "s"} ${keys.join(", ")}; datasets are immutable, delete them first`,
    );
  }
  let deleted: Array<{ id: string }>;
  try {
    deleted = await timedWrite(deps, "delete_traces", () =>
      queryRows<{ id: string }>(deps.db, sql`DELETE FROM traces WHERE id IN ${idList(unique)} RETURNING id`),
    );
  } catch (err) {
    if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION)
      throw conflict("Nothing deleted: a dataset took some of these traces meanwhile; delete it first");
    throw err;
  }
  const gone = new Set(deleted.map((r) => r.id));
  return { deleted_count: gone.size, not_found: unique.filter((id) => !gone.has(id)) };
}
