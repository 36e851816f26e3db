import type {
  LeaderboardCell,
  LeaderboardQuery,
  LeaderboardResponse,
  LeaderboardRow,
} from "@tunix-rt/contracts";
import { queryRows, type SQL, sql } from "@tunix-rt/db";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { toIso } from "../ids.js";
import { decodeBoardCursor, encodeBoardCursor } from "./board-cursor.js";

interface CellRow {
  mk: string;
  eval_set_id: string;
  run_id: string;
  subject_run_id: string | null;
  checkpoint: string;
  step: number | null;
  model_id: string;
  trainer: string;
  n: number;
  correct: number;
  accuracy: number;
  ci_low: number;
  ci_high: number;
  format_rate: number;
  mean_reasoning_tokens: number | null;
  tokens_per_correct: number | null;
  evaluated_at: string;
  contaminated_items: number | null;
  history: number | string;
  run_name: string | null;
  dataset_key: string | null;
  labels: string[] | null;
  versions: string[] | null;
  sort_value: number | string | null;
}

const SORT_COLUMN: Record<string, SQL> = {
  accuracy: sql`accuracy`,
  format_rate: sql`format_rate`,
  mean_reasoning_tokens: sql`mean_reasoning_tokens`,
  tokens_per_correct: sql`tokens_per_correct`,
  evaluated_at: sql`extract(epoch from evaluated_at)`,
};

async function evalSets(deps: ServiceDeps, keys: string[]) {
  if (keys.length) {
    const rows = await queryRows<{ id: string; eval_set_key: string; item_count: number }>(
      deps.db,
      sql`SELECT id, eval_set_key, item_count FROM eval_sets WHERE eval_set_key IN (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
    const missing = keys.filter((k) => !rows.some((r) => r.eval_set_key === k));
    if (missing.length)
      throw new AppError("validation", `Unknown eval set ${missing.join(", ")}`, {
        errors: [{ field: "query/eval_set", message: `no eval set ${missing[0]}` }],
      });
    return keys.map((k) => rows.find((r) => r.eval_set_key === k)!);
  }
  // Every evaluated set, the most evaluated first (it orders the board).
  return queryRows<{ id: string; eval_set_key: string; item_count: number }>(
    deps.db,
    sql`SELECT s.id, s.eval_set_key, s.item_count FROM eval_sets s
        JOIN (SELECT eval_set_id, count(*) AS c FROM evaluations GROUP BY eval_set_id) u ON u.eval_set_id = s.id
        ORDER BY u.c DESC, s.eval_set_key LIMIT 10`,
  );
}

/**
 * The leaderboard page as one statement: the latest evaluation per (model, eval set) (flagged when
 * it is recorded),
 * the page of models ordered on the first set, and every cell of those models. Exported so the
 * benchmark can time this exact SQL bare, against the verb around it.
 */
export function leaderboardSql(q: LeaderboardQuery, setIds: string[]): SQL {
  const primaryId = setIds[0]!;
  const desc = q.sort.startsWith("-");
  const column = SORT_COLUMN[q.sort.replace("-", "")]!;
  const where: SQL[] = [
    sql`e.is_latest`,
    sql`e.eval_set_id IN (${sql.join(
      setIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  ];
  if (q.dataset) where.push(sql`sr.dataset_key = ${q.dataset}`);
  if (q.trainer) where.push(sql`e.trainer = ${q.trainer}`);
  if (q.label) where.push(sql`sr.labels @> ${JSON.stringify([q.label])}::jsonb`);
  if (q.evaluated_after)
    where.push(sql`e.evaluated_at > ${new Date(q.evaluated_after).toISOString()}::timestamptz`);
  if (q.evaluated_before)
    where.push(sql`e.evaluated_at < ${new Date(q.evaluated_before).toISOString()}::timestamptz`);

  const cursor = q.cursor ? decodeBoardCursor(q.cursor, q.sort) : null;
  const dir = desc ? sql`DESC` : sql`ASC`;
  const cmp = desc ? sql`<` : sql`>`;
  const after = !cursor
    ? sql`true`
    : cursor.v === null
      ? sql`(m.v IS NULL AND m.mk > ${cursor.mk})`
      : sql`(m.v ${cmp} ${cursor.v}::float8 OR (m.v = ${cursor.v}::float8 AND m.mk > ${cursor.mk}) OR m.v IS NULL)`;

  // The training run is joined for every evaluation only when a filter needs it; otherwise only
  // for the page's rows, at the end.
  const needsRun = Boolean(q.dataset || q.label);
  return sql`WITH latest AS (
      SELECT e.model_key AS mk, e.* FROM evaluations e
      ${needsRun ? sql`LEFT JOIN runs sr ON sr.id = e.subject_run_id` : sql``}
      WHERE ${sql.join(where, sql` AND `)}
    ), models AS (
      SELECT mk, max(CASE WHEN eval_set_id = ${primaryId}::uuid THEN (${column})::float8 END) AS v
      FROM latest GROUP BY mk
    ), page AS (
      SELECT m.mk, m.v FROM models m WHERE ${after}
      ORDER BY m.v ${dir} NULLS LAST, m.mk ASC LIMIT ${q.limit + 1}
    )
    SELECT l.*, p.v AS sort_value, sr.name AS run_name, sr.dataset_key, sr.labels,
      (SELECT count(*) FROM evaluations h WHERE h.model_key = l.mk AND h.eval_set_id = l.eval_set_id) AS history,
      (SELECT array_agg(mv.name || '@' || mv.version ORDER BY mv.name, mv.version) FROM model_versions mv
        WHERE mv.run_id = l.subject_run_id AND mv.checkpoint = l.checkpoint) AS versions
    FROM page p JOIN latest l ON l.mk = p.mk LEFT JOIN runs sr ON sr.id = l.subject_run_id
    ORDER BY p.v ${dir} NULLS LAST, p.mk ASC`;
}

/**
 * One row per model, a cell per eval set holding the model's latest completed evaluation there
 * (older ones are counted as history, never listed twice). Ordered on the first eval set by the
 * asked figure, models without it last; keyset-paginated on (figure, model key).
 */
export async function listLeaderboard(deps: ServiceDeps, q: LeaderboardQuery): Promise<LeaderboardResponse> {
  const sets = await evalSets(deps, q.eval_set);
  const empty: LeaderboardResponse = {
    eval_sets: [],
    sorted_by: { eval_set: null, sort: q.sort },
    data: [],
    pagination: { limit: q.limit, next_cursor: null },
  };
  if (sets.length === 0) return empty;
  const primary = sets[0]!;

  const rows = await queryRows<CellRow>(
    deps.db,
    leaderboardSql(
      q,
      sets.map((x) => x.id),
    ),
  );
  const byModel = new Map<string, CellRow[]>();
  for (const r of rows) byModel.set(r.mk, [...(byModel.get(r.mk) ?? []), r]);
  const keys = [...byModel.keys()];
  const more = keys.length > q.limit;
  const pageKeys = keys.slice(0, q.limit);
  const setKey = new Map(sets.map((s) => [s.id, s.eval_set_key]));
  const data: LeaderboardRow[] = pageKeys.map((mk) => {
    const cells = byModel.get(mk)!;
    const first = cells[0]!;
    return {
      model: {
        key: mk,
        run_id: first.subject_run_id,
        run_name: first.run_name,
        checkpoint: first.checkpoint,
        step: first.step === null ? null : Number(first.step),
        model_id: first.model_id,
        trainer: first.trainer,
        dataset_key: first.dataset_key,
        labels: first.labels ?? [],
        versions: first.versions ?? [],
      },
      results: Object.fromEntries(cells.map((c) => [setKey.get(c.eval_set_id)!, toCell(c)])),
    };
  });
  const last = pageKeys.at(-1);
  const lastValue = last === undefined ? null : byModel.get(last)![0]!.sort_value;
  return {
    eval_sets: sets.map((s) => ({ key: s.eval_set_key, id: s.id, item_count: Number(s.item_count) })),
    sorted_by: { eval_set: primary.eval_set_key, sort: q.sort },
    data,
    pagination: {
      limit: q.limit,
      next_cursor:
        more && last ? encodeBoardCursor(q.sort, lastValue === null ? null : Number(lastValue), last) : null,
    },
  };
}

function toCell(c: CellRow): LeaderboardCell {
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    evaluation_id: c.run_id,
    n: Number(c.n),
    correct: Number(c.correct),
    accuracy: Number(c.accuracy),
    ci95: [Number(c.ci_low), Number(c.ci_high)],
    format_rate: Number(c.format_rate),
    mean_reasoning_tokens: num(c.mean_reasoning_tokens),
    tokens_per_correct: num(c.tokens_per_correct),
    evaluated_at: toIso(c.evaluated_at),
    contaminated_items: num(c.contaminated_items),
    evaluations: Number(c.history),
  };
}
