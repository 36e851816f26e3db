import type { RunDetail, RunLive, RunProgress } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { getRunRow, type RunRow, toRunDetail } from "./run-row.js";
import { guardTo } from "./run-state.js";

/** The series every trainer logs as it trains; its steps and times give progress and rate. */
export const PROGRESS_SERIES = "train/loss";

const NONE: RunLive = { progress: null, queue_position: null };

interface SpanRow {
  run_id: string;
  first_step: number;
  last_step: number;
  first_at: string | null;
  last_at: string | null;
}

/**
 * Steps per second between the first and the last logged point of this attempt: the first point
 * comes after compilation and data loading, so the rate is the training's own. A run that has
 * logged nothing yet is at step 0 of its max_steps.
 */
export function progressFrom(span: SpanRow | undefined, maxSteps: unknown): RunProgress {
  const total = typeof maxSteps === "number" && maxSteps > 0 ? maxSteps : null;
  if (!span) return { step: 0, total_steps: total, steps_per_second: null, eta_seconds: null };
  const step = Number(span.last_step);
  const seconds =
    span.first_at && span.last_at ? (Date.parse(span.last_at) - Date.parse(span.first_at)) / 1000 : 0;
  const rate = seconds > 0 ? (step - Number(span.first_step)) / seconds : null;
  return {
    step,
    total_steps: total,
    steps_per_second: rate === null ? null : Math.round(rate * 1000) / 1000,
    eta_seconds: rate && total !== null ? Math.max(0, Math.round((total - step) / rate)) : null,
  };
}

const uuids = (xs: readonly string[]) =>
  sql.join(
    xs.map((x) => sql`${x}::uuid`),
    sql`, `,
  );

/**
 * What changes while a run is live, for a page of runs: how far a running one has trained, and
 * where a pending one stands in the queue (runs ahead of it by the order workers claim in:
 * priority, then age; a worker that cannot serve a run ahead may still take this one first).
 * Lists refresh every few seconds while runs are live, so both are index lookups or one pass:
 * the first and last point of each series by step, and one numbering of the waiting runs.
 */
export async function liveOf(deps: ServiceDeps, rows: readonly RunRow[]): Promise<Map<string, RunLive>> {
  const out = new Map<string, RunLive>();
  const running = rows.filter((r) => r.status === "running" && r.mode === "local");
  const pending = rows.filter((r) => r.status === "pending" && r.mode === "local");
  if (running.length) {
    const spans = await queryRows<SpanRow>(
      deps.db,
      sql`SELECT r.id AS run_id, f.step AS first_step, f.t AS first_at, l.step AS last_step, l.t AS last_at
          FROM runs r
          CROSS JOIN LATERAL (SELECT step, t FROM run_metrics
            WHERE run_id = r.id AND name = ${PROGRESS_SERIES} ORDER BY step LIMIT 1) f
          CROSS JOIN LATERAL (SELECT step, t FROM run_metrics
            WHERE run_id = r.id AND name = ${PROGRESS_SERIES} ORDER BY step DESC LIMIT 1) l
          WHERE r.id IN (${uuids(running.map((r) => r.id))})`,
    );
    const byRun = new Map(spans.map((s) => [s.run_id, s]));
    for (const r of running)
      out.set(r.id, { ...NONE, progress: progressFrom(byRun.get(r.id), r.config.max_steps) });
  }
  if (pending.length) {
    const positions = await queryRows<{ id: string; position: number }>(
      deps.db,
      sql`SELECT id, position FROM (
            SELECT id, row_number() OVER (ORDER BY priority DESC, id)::int AS position
            FROM runs WHERE ${guardTo("running")} AND mode = 'local') waiting
          WHERE id IN (${uuids(pending.map((r) => r.id))})`,
    );
    for (const p of positions) out.set(p.id, { ...NONE, queue_position: Number(p.position) });
  }
  return out;
}

export const liveFor = (live: Map<string, RunLive>, id: string): RunLive => live.get(id) ?? NONE;

/**
 * One run as its page shows it: the stored row plus its progress or queue position. `runDirOf` is
 * asked only once the id is known to be a run's.
 */
export async function getRunDetail(
  deps: ServiceDeps,
  id: string,
  runDirOf: (id: string) => string,
): Promise<RunDetail> {
  const row = await getRunRow(deps, id);
  return toRunDetail(row, runDirOf(row.id), liveFor(await liveOf(deps, [row]), row.id));
}
