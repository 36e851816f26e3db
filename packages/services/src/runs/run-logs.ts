import type { LogEvent } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { publishRunEvent, type ServiceDeps } from "../deps.js";
import { toIso } from "../ids.js";

/** Who may write a run's log: the worker holding this attempt (a stale worker's lines are dropped). */
export interface LogOwner {
  workerId: string;
  attempt: number;
}

/**
 * Stores a batch of numbered lines and advances the run's last_seq in one statement, so a crash
 * can never leave lines stored with last_seq behind them. With an owner, nothing is written unless
 * that worker still holds that attempt. A batch written twice (a retry) changes nothing. Live
 * viewers are told the lines up to the batch's last seq are there.
 */
export async function appendLogs(
  deps: ServiceDeps,
  runId: string,
  lines: LogEvent[],
  owner?: LogOwner,
): Promise<void> {
  if (!lines.length) return;
  const rows = JSON.stringify(lines.map((l) => ({ s: l.seq, k: l.stream, l: l.line, t: l.t })));
  const fence = owner
    ? sql`AND EXISTS (SELECT 1 FROM runs r WHERE r.id = ${runId} AND r.worker_id = ${owner.workerId} AND r.attempt = ${owner.attempt}
          AND r.status IN ('running', 'cancel_requested'))`
    : sql``;
  await deps.db.execute(sql`WITH ins AS (
      INSERT INTO run_logs (run_id, seq, stream, line, t)
      SELECT ${runId}, x.s, x.k, x.l, x.t FROM json_to_recordset(${rows}::json) AS x(s int, k varchar(6), l text, t timestamptz)
      WHERE true ${fence}
      ON CONFLICT (run_id, seq) DO NOTHING
      RETURNING seq)
    UPDATE runs SET last_seq = greatest(last_seq, (SELECT max(seq) FROM ins)) WHERE id = ${runId} AND EXISTS (SELECT 1 FROM ins)`);
  publishRunEvent(deps, { type: "logs", run_id: runId, seq: lines[lines.length - 1]!.seq });
}

/** The highest stored seq of a run (where a new attempt's numbering continues). */
export async function maxLogSeq(deps: ServiceDeps, runId: string): Promise<number> {
  const rows = await queryRows<{ n: number | null }>(
    deps.db,
    sql`SELECT max(seq) AS n FROM run_logs WHERE run_id = ${runId}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Lines after `afterSeq`, in order, at most `limit`. */
export async function readLogs(
  deps: ServiceDeps,
  runId: string,
  afterSeq: number,
  limit = 1000,
): Promise<LogEvent[]> {
  const rows = await queryRows<{ seq: number; stream: "stdout" | "stderr"; line: string; t: string }>(
    deps.db,
    sql`SELECT seq, stream, line, t FROM run_logs WHERE run_id = ${runId} AND seq > ${afterSeq} ORDER BY seq LIMIT ${limit}`,
  );
  return rows.map((r) => ({ seq: Number(r.seq), stream: r.stream, line: r.line, t: toIso(r.t) }));
}
