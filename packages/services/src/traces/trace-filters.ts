import { type SQL, sql } from "@tunix-rt/db";

/** Filters shared by the trace list and dataset selection. */
export interface TraceFilters {
  source?: string;
  trace_version?: string;
  created_after?: string;
  created_before?: string;
  q?: string;
  score_criteria?: string;
  min_score?: number;
  max_score?: number;
  /** Seed semantics: payload.meta[key] equals the value exactly (JSON equality). */
  meta?: Record<string, unknown>;
  /** Only these traces. */
  ids?: readonly string[];
}

/** An id list as one bound parameter (any length, unlike a list of placeholders). */
export const idList = (ids: readonly string[]) =>
  sql`(SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(ids)}::json))`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * WHERE conditions over `traces t`. Score filters need the latest score joined as `ls`
 * (see latestScoreJoin) and are only added when asked for.
 */
export function traceFilterConditions(f: TraceFilters): SQL[] {
  const where: SQL[] = [];
  if (f.source !== undefined) where.push(sql`t.source = ${f.source}`);
  if (f.trace_version !== undefined) where.push(sql`t.trace_version = ${f.trace_version}`);
  if (f.created_after)
    where.push(sql`t.created_at > ${new Date(f.created_after).toISOString()}::timestamptz`);
  if (f.created_before)
    where.push(sql`t.created_at < ${new Date(f.created_before).toISOString()}::timestamptz`);
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    where.push(sql`(t.payload->>'prompt' ILIKE ${pattern} OR t.payload->>'final_answer' ILIKE ${pattern})`);
  }
  if (f.min_score !== undefined) where.push(sql`ls.score >= ${f.min_score}`);
  if (f.max_score !== undefined) where.push(sql`ls.score <= ${f.max_score}`);
  if (f.ids) where.push(sql`t.id IN ${idList(f.ids)}`);
  for (const [key, value] of Object.entries(f.meta ?? {})) {
    where.push(sql`(t.payload->'meta'->${key})::jsonb = ${JSON.stringify(value ?? null)}::jsonb`);
  }
  return where;
}

export const needsScoreJoin = (f: TraceFilters) => f.min_score !== undefined || f.max_score !== undefined;

/** The latest score of `criteria` for each trace, as `ls.score` (null when never scored). */
export const latestScoreJoin = (criteria: string) => sql`LEFT JOIN LATERAL (
  SELECT s.score FROM scores s
  WHERE s.trace_id = t.id AND s.criteria = ${criteria}
  ORDER BY s.id DESC LIMIT 1
) ls ON true`;

export const whereClause = (conditions: SQL[]) =>
  conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
