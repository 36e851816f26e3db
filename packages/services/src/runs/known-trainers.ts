import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";

/** Trainers every install knows by name (the built-in Python backends); workers may offer more. */
export const BUILTIN_TRAINERS = ["jax", "tunix"] as const;

/** A worker whose heartbeat is older than this is considered gone. */
export const WORKER_ALIVE_SECONDS = 30;

export async function trainerAvailability(
  deps: ServiceDeps,
): Promise<{ known: Set<string>; live: Set<string> }> {
  const rows = await queryRows<{ trainers: string[]; alive: boolean }>(
    deps.db,
    sql`SELECT trainers, (stopped_at IS NULL AND heartbeat_at > now() - make_interval(secs => ${WORKER_ALIVE_SECONDS})) AS alive FROM workers`,
  );
  const known = new Set<string>(BUILTIN_TRAINERS);
  const live = new Set<string>();
  for (const r of rows) {
    for (const t of r.trainers) {
      known.add(t);
      if (r.alive) live.add(t);
    }
  }
  return { known, live };
}
