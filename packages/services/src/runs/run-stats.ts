import type { RunStatus } from "@tunix-rt/contracts";
import { queryRows, type SQL, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { WORKER_ALIVE_SECONDS } from "./known-trainers.js";

// Figures about all runs, read at scrape time so they are right whichever process did the work.

/** Runs that execute (dry runs are checks that start nothing: counted apart, by dryRunCount). */
export async function runCountsByStatus(deps: ServiceDeps): Promise<Partial<Record<RunStatus, number>>> {
  const rows = await queryRows<{ status: RunStatus; n: string }>(
    deps.db,
    sql`SELECT status, count(*) AS n FROM runs WHERE mode = 'local' GROUP BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function dryRunCount(deps: ServiceDeps): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    deps.db,
    sql`SELECT count(*) AS n FROM runs WHERE mode = 'dry-run'`,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function liveWorkerCount(deps: ServiceDeps): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    deps.db,
    sql`SELECT count(*) AS n FROM workers WHERE stopped_at IS NULL AND heartbeat_at > now() - make_interval(secs => ${WORKER_ALIVE_SECONDS})`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Log lines captured from trainers so far (a counter: every stored line has a seq). */
export async function totalLogLines(deps: ServiceDeps): Promise<number> {
  const rows = await queryRows<{ n: string | null }>(
    deps.db,
    sql`SELECT coalesce(sum(last_seq), 0) AS n FROM runs`,
  );
  return Number(rows[0]?.n ?? 0);
}

const SPANS: Record<"wait" | "duration", { value: SQL; where: SQL }> = {
  wait: {
    value: sql`extract(epoch FROM started_at - created_at)`,
    where: sql`started_at IS NOT NULL AND mode = 'local'`,
  },
  duration: {
    value: sql`extract(epoch FROM completed_at - started_at)`,
    where: sql`completed_at IS NOT NULL AND started_at IS NOT NULL AND mode = 'local'`,
  },
};

/**
 * A cumulative histogram over every run: queue wait (queued → started) or duration (started →
 * ended), as counts at or below each bucket bound, plus the total count and sum.
 */
export async function runTimeHistogram(
  deps: ServiceDeps,
  span: "wait" | "duration",
  buckets: readonly number[],
): Promise<{ counts: number[]; count: number; sum: number }> {
  const { value, where } = SPANS[span];
  const cols = buckets.map((b, i) => sql`count(*) FILTER (WHERE v <= ${b}) AS ${sql.raw(`b${i}`)}`);
  const rows = await queryRows<Record<string, string | number | null>>(
    deps.db,
    sql`SELECT ${sql.join(cols, sql`, `)}, count(*) AS n, coalesce(sum(v), 0) AS s FROM (SELECT ${value} AS v FROM runs WHERE ${where}) x`,
  );
  const row = rows[0] ?? {};
  return {
    counts: buckets.map((_, i) => Number(row[`b${i}`] ?? 0)),
    count: Number(row.n ?? 0),
    sum: Number(row.s ?? 0),
  };
}
