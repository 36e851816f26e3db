import type { LogEvent } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";
import { toIso } from "../ids.js";

/** Stores a batch of numbered lines; a batch written twice (a retry) changes nothing. */
export async function appendLogs(deps: ServiceDeps, runId: string, lines: LogEvent[]): Promise<void> {
  if (!lines.length) return;
  const rows = JSON.stringify(lines.map((l) => ({ s: l.seq, k: l.stream, l: l.line, t: l.t })));
  await deps.db.execute(sql`INSERT INTO run_logs (run_id, seq, stream, line, t)
    SELECT ${runId}, x.s, x.k, x.l, x.t FROM json_to_recordset(${rows}::json) AS x(s int, k varchar(6), l text, t timestamptz)
    ON CONFLICT (run_id, seq) DO NOTHING`);
  const last = lines[lines.length - 1]!.seq;
  await deps.db.execute(sql`UPDATE runs SET last_seq = greatest(last_seq, ${last}) WHERE id = ${runId}`);
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
