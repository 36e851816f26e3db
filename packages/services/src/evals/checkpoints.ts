import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { queryRows, sql } from "@tunix-rt/db";
import type { ServiceDeps } from "../deps.js";

/** The steps of `checkpoints/<step>` folders in a run directory, ascending. */
export function checkpointSteps(runDir: string): number[] {
  try {
    return readdirSync(join(runDir, "checkpoints"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && /^\d+$/.test(d.name))
      .map((d) => Number(d.name))
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/**
 * Where a training run's checkpoint can be read from: its own `checkpoints/<step>`, or the copy
 * an evaluation of that step linked into its own directory (which outlives the trainer deleting
 * old checkpoints). Absolute paths, the run's own first; empty when no copy is left.
 */
export async function checkpointCopies(
  deps: ServiceDeps,
  runId: string,
  step: number,
  runDir: (id: string) => string,
): Promise<string[]> {
  const own = join(runDir(runId), "checkpoints", String(step));
  const evals = await queryRows<{ id: string }>(
    deps.db,
    sql`SELECT id FROM runs WHERE kind = 'eval' AND parent_run_id = ${runId}
          AND (config->'subject'->>'step')::int = ${step} ORDER BY id`,
  );
  return [own, ...evals.map((e) => join(runDir(e.id), "checkpoints", String(step)))].filter((p) =>
    existsSync(p),
  );
}

/** Every step of a run that can still be evaluated: its own checkpoints and the evaluated copies. */
export async function availableSteps(
  deps: ServiceDeps,
  runId: string,
  runDir: (id: string) => string,
): Promise<number[]> {
  const steps = new Set(checkpointSteps(runDir(runId)));
  const evals = await queryRows<{ id: string }>(
    deps.db,
    sql`SELECT id FROM runs WHERE kind = 'eval' AND parent_run_id = ${runId}`,
  );
  for (const e of evals) for (const s of checkpointSteps(runDir(e.id))) steps.add(s);
  return [...steps].sort((a, b) => a - b);
}
