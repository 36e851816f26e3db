import type { Database } from "@tunix-rt/db";

/** What every service verb receives: the database and optional instrumentation hooks. */
export interface ServiceDeps {
  db: Database;
  /** Called after each database write with its duration, for the /metrics histogram. */
  observeDbWrite?: (operation: string, ms: number) => void;
}

export async function timedWrite<T>(deps: ServiceDeps, operation: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    deps.observeDbWrite?.(operation, performance.now() - start);
  }
}
