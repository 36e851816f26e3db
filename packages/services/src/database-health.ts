import { sql } from "@tunix-rt/db";
import type { ServiceDeps } from "./deps.js";

export interface DatabaseHealth {
  status: "ok" | "down";
  latency_ms: number;
  error?: string;
}

/**
 * A round trip to the database (`SELECT 1`), given up after `timeoutMs`: a Postgres that is
 * restarting can leave a connection attempt hanging far longer than a health check may wait.
 */
export async function databaseHealth(deps: ServiceDeps, timeoutMs = 2000): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([deps.db.execute(sql`SELECT 1`), timeout]);
    return { status: "ok", latency_ms: Math.round(performance.now() - started) };
  } catch (err) {
    return {
      status: "down",
      latency_ms: Math.round(performance.now() - started),
      error: (err as Error).message,
    };
  } finally {
    clearTimeout(timer);
  }
}
