import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "@tunix-rt/services";

/** Points stored since the last call, per series (cursor: name → last step sent). */
export async function newMetricPoints(deps: ServiceDeps, runId: string, cursor: Map<string, number>) {
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
