import type { RunMetricsResponse } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { publishRunEvent, type ServiceDeps } from "../deps.js";
import { toIso } from "../ids.js";

export interface MetricRecord {
  step: number;
  name: string;
  value: number;
  t?: string | null;
}

export async function appendMetrics(deps: ServiceDeps, runId: string, points: MetricRecord[]): Promise<void> {
  if (!points.length) return;
  const rows = JSON.stringify(points.map((p) => ({ n: p.name, s: p.step, v: p.value, t: p.t ?? null })));
  await deps.db.execute(sql`INSERT INTO run_metrics (run_id, name, step, value, t)
    SELECT ${runId}, x.n, x.s, x.v, x.t FROM json_to_recordset(${rows}::json) AS x(n varchar(128), s float8, v float8, t timestamptz)`);
  publishRunEvent(deps, { type: "metrics", run_id: runId });
}

/** Drops a run's stored points: a requeued attempt trains again and writes its own. */
export async function restartRunMetrics(deps: ServiceDeps, runId: string): Promise<void> {
  await deps.db.execute(sql`DELETE FROM run_metrics WHERE run_id = ${runId}`);
}

/**
 * Points stored since the last call, per series: `cursor` maps a name to the last step already
 * sent and is advanced. For a live view that receives each point once.
 */
export async function newMetricPoints(
  deps: ServiceDeps,
  runId: string,
  cursor: Map<string, number>,
): Promise<Array<{ name: string; step: number; value: number }>> {
  const floor = cursor.size ? Math.min(...cursor.values()) : Number.NEGATIVE_INFINITY;
  const rows = await queryRows<{ name: string; step: number; value: number }>(
    deps.db,
    sql`SELECT name, step, value FROM run_metrics WHERE run_id = ${runId} ${Number.isFinite(floor) ? sql`AND step >= ${floor}` : sql``}
        ORDER BY step, name LIMIT 20000`,
  );
  const out: Array<{ name: string; step: number; value: number }> = [];
  for (const r of rows) {
    const last = cursor.get(r.name);
    const step = Number(r.step);
    if (last !== undefined && step <= last) continue;
    out.push({ name: r.name, step, value: Number(r.value) });
  }
  for (const p of out) cursor.set(p.name, Math.max(cursor.get(p.name) ?? Number.NEGATIVE_INFINITY, p.step));
  return out;
}

/** The last value of every series: a run's final metrics. */
export async function lastMetricValues(deps: ServiceDeps, runId: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ name: string; value: number }>(
    deps.db,
    sql`SELECT DISTINCT ON (name) name, value FROM run_metrics WHERE run_id = ${runId} ORDER BY name, step DESC`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.value)]));
}

/**
 * Series for charts. A series longer than `maxPoints` is cut into maxPoints/4 buckets by step and
 * each bucket keeps its first, last, lowest and highest point, so spikes survive downsampling and
 * the work stays in the database.
 */
export async function runMetricSeries(
  deps: ServiceDeps,
  runId: string,
  names: string[] | null,
  maxPoints: number,
): Promise<RunMetricsResponse> {
  const nameFilter = names?.length
    ? sql`AND name IN (${sql.join(
        names.map((n) => sql`${n}`),
        sql`, `,
      )})`
    : sql``;
  const counts = await queryRows<{ name: string; n: string | number }>(
    deps.db,
    sql`SELECT name, count(*) AS n FROM run_metrics WHERE run_id = ${runId} ${nameFilter} GROUP BY name ORDER BY name`,
  );
  const series: RunMetricsResponse["series"] = [];
  for (const c of counts) {
    const total = Number(c.n);
    const buckets = Math.max(1, Math.floor(maxPoints / 4));
    const rows =
      total <= maxPoints
        ? await queryRows<{ step: number; value: number; t: string | null }>(
            deps.db,
            sql`SELECT step, value, t FROM run_metrics WHERE run_id = ${runId} AND name = ${c.name} ORDER BY step`,
          )
        : await queryRows<{ step: number; value: number; t: string | null }>(
            deps.db,
            sql`SELECT step, value, t FROM (
                  SELECT step, value, t,
                    row_number() OVER (PARTITION BY b ORDER BY value, step) AS rmin,
                    row_number() OVER (PARTITION BY b ORDER BY value DESC, step) AS rmax,
                    row_number() OVER (PARTITION BY b ORDER BY step) AS rfirst,
                    row_number() OVER (PARTITION BY b ORDER BY step DESC) AS rlast
                  FROM (SELECT step, value, t, ntile(${buckets}) OVER (ORDER BY step) AS b
                        FROM run_metrics WHERE run_id = ${runId} AND name = ${c.name}) x) y
                WHERE rmin = 1 OR rmax = 1 OR rfirst = 1 OR rlast = 1 ORDER BY step`,
          );
    series.push({
      name: c.name,
      total_points: total,
      points: rows.map((r) => ({ step: Number(r.step), value: Number(r.value), t: r.t ? toIso(r.t) : null })),
    });
  }
  return { run_id: runId, series };
}
