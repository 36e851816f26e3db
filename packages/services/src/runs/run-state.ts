import type { RunStatus } from "@tunix-rt/contracts";
import { type SQL, sql } from "@tunix-rt/db";

/**
 * The one place run transitions are defined. pending → running → completed | failed | timeout;
 * running → cancel_requested → cancelled; pending → cancelled. A running run whose worker is lost
 * goes back to pending while attempts remain (requeue), else to failed.
 */
const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  pending: ["running", "cancelled"],
  running: ["completed", "failed", "timeout", "cancel_requested", "pending"],
  cancel_requested: ["cancelled", "completed", "failed", "timeout"],
  completed: [],
  failed: [],
  timeout: [],
  cancelled: [],
};

export const canTransition = (from: RunStatus, to: RunStatus): boolean => TRANSITIONS[from].includes(to);
export const isTerminal = (s: RunStatus): boolean => TRANSITIONS[s].length === 0;
/** States from which each transition may start: what an UPDATE's WHERE clause must require. */
export const sourcesOf = (to: RunStatus): RunStatus[] =>
  (Object.keys(TRANSITIONS) as RunStatus[]).filter((from) => TRANSITIONS[from].includes(to));

const inList = (statuses: readonly RunStatus[]): SQL =>
  sql`status IN (${sql.join(
    statuses.map((s) => sql`${s}`),
    sql`, `,
  )})`;

/**
 * The WHERE condition of an UPDATE that moves a run to `to`: its status must be one the state
 * table allows the move from (narrowed to `from` when given; each of those is checked against the
 * table, so a verb cannot ask for a move the table forbids).
 */
export function guardTo(to: RunStatus, from?: readonly RunStatus[]): SQL {
  const allowed = sourcesOf(to);
  for (const f of from ?? []) {
    if (!allowed.includes(f)) throw new Error(`run state table forbids ${f} → ${to}`);
  }
  return inList(from ?? allowed);
}

/**
 * For an UPDATE that moves each state in `moves` to its own target: the WHERE condition and the
 * new status as a CASE. Every pair is checked against the state table.
 */
export function guardedMoves(moves: Partial<Record<RunStatus, RunStatus>>): { where: SQL; to: SQL } {
  const pairs = Object.entries(moves) as Array<[RunStatus, RunStatus]>;
  for (const [from, to] of pairs) {
    if (!canTransition(from, to)) throw new Error(`run state table forbids ${from} → ${to}`);
  }
  return {
    where: inList(pairs.map(([from]) => from)),
    to: sql`CASE status ${sql.join(
      pairs.map(([from, to]) => sql`WHEN ${from} THEN ${to}`),
      sql` `,
    )} END`,
  };
}
