import type { BuildDatasetBody } from "@tunix-rt/contracts";
import { queryRows, type SQL, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { createRng } from "../generators/prng.js";
import {
  idList,
  latestScoreJoin,
  needsScoreJoin,
  type TraceFilters,
  traceFilterConditions,
  whereClause,
} from "../traces/trace-filters.js";

export interface Candidate {
  id: string;
  content_hash: string;
}

const PAGE = 10_000;

export function buildFilters(b: BuildDatasetBody): TraceFilters {
  return {
    source: b.source,
    q: b.q,
    created_after: b.created_after,
    created_before: b.created_before,
    score_criteria: b.score_criteria,
    min_score: b.min_score,
    max_score: b.max_score,
    meta: b.filters,
    ids: b.trace_ids,
  };
}

/** The matching traces as a subquery; with `distinct`, only the earliest trace of each prompt text. */
function matches(f: TraceFilters, distinct: boolean) {
  const join = needsScoreJoin(f) ? latestScoreJoin(f.score_criteria ?? "baseline") : sql``;
  const where = whereClause(traceFilterConditions(f));
  return distinct
    ? sql`SELECT DISTINCT ON (t.payload->>'prompt') t.id, t.content_hash FROM traces t ${join} ${where}
          ORDER BY t.payload->>'prompt', t.id`
    : sql`SELECT t.id, t.content_hash FROM traces t ${join} ${where}`;
}

function baseQuery(f: TraceFilters, distinct: boolean, extra: SQL[], tail: SQL) {
  return sql`SELECT m.id, m.content_hash FROM (${matches(f, distinct)}) m ${whereClause(extra)} ${tail}`;
}

export async function countMatching(deps: ServiceDeps, f: TraceFilters, distinct = false): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(
    deps.db,
    sql`SELECT count(*) AS n FROM (${matches(f, distinct)}) m`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** An explicit id list must name stored traces only: a dataset silently missing some is worse. */
async function assertStored(deps: ServiceDeps, ids: readonly string[]) {
  const missing = await queryRows<{ id: string }>(
    deps.db,
    sql`SELECT v.id FROM ${idList(ids)} AS v(id) WHERE NOT EXISTS (SELECT 1 FROM traces t WHERE t.id = v.id) LIMIT 10`,
  );
  if (missing.length)
    throw new AppError(
      "validation",
      `trace_ids names traces that are not stored: ${missing.map((m) => m.id).join(", ")}`,
      {
        errors: [{ field: "trace_ids", message: "every id must be a stored trace" }],
      },
    );
}

/**
 * Considers every matching trace (the seed only looked at the newest limit×10). `latest` takes the
 * newest; `random` streams all matches in id order through a seeded reservoir sample, so memory is
 * O(limit) and the same request over the same traces selects the same set on any database.
 */
export async function selectTraces(deps: ServiceDeps, b: BuildDatasetBody): Promise<Candidate[]> {
  if (b.trace_ids) await assertStored(deps, b.trace_ids);
  const f = buildFilters(b);
  const distinct = b.distinct_prompts;
  if (b.selection_strategy === "latest") {
    return queryRows<Candidate>(
      deps.db,
      baseQuery(f, distinct, [], sql`ORDER BY m.id DESC LIMIT ${b.limit}`),
    );
  }
  const rng = createRng(b.seed ?? 0, 0x5e1ec7);
  const reservoir: Candidate[] = [];
  let seen = 0;
  let after: string | null = null;
  for (;;) {
    const page: Candidate[] = await queryRows<Candidate>(
      deps.db,
      baseQuery(f, distinct, after ? [sql`m.id > ${after}`] : [], sql`ORDER BY m.id ASC LIMIT ${PAGE}`),
    );
    for (const c of page) {
      if (reservoir.length < b.limit) reservoir.push(c);
      else {
        const j = Math.floor(rng.next() * (seen + 1));
        if (j < b.limit) reservoir[j] = c;
      }
      seen++;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  return reservoir;
}
