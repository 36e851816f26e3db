import type { RunEvent } from "@tunix-rt/contracts";
import type { Database, NotifyBus } from "@tunix-rt/db";

/** The notify bus as the run verbs use it: typed run events, plus the bus's own resync. */
export type RunEventBus = NotifyBus<RunEvent>;

/** What every service verb receives: the database and optional instrumentation hooks. */
export interface ServiceDeps {
  db: Database;
  /** Where run verbs announce their changes; without one (scripts, some tests) nobody is told. */
  bus?: RunEventBus;
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

/** Announces a change after it is stored (a no-op without a bus). */
export function publishRunEvent(deps: ServiceDeps, event: RunEvent): void {
  deps.bus?.publish(event);
}
