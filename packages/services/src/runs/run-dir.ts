import { readdirSync } from "node:fs";
import { join } from "node:path";
import { isUuid } from "../ids.js";

/** A run's directory: always under the data folder, never a path a request chose. */
export function runDirFor(dataDir: string, runId: string): string {
  if (!isUuid(runId)) throw new Error(`not a run id: ${runId}`);
  return join(dataDir, "runs", runId.toLowerCase());
}

/** "checkpoints/<n>" for the highest numbered checkpoint in a run directory, or null. */
export function latestCheckpoint(runDir: string): string | null {
  let steps: number[] = [];
  try {
    steps = readdirSync(join(runDir, "checkpoints"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && /^\d+$/.test(d.name))
      .map((d) => Number(d.name));
  } catch {
    return null;
  }
  return steps.length ? `checkpoints/${Math.max(...steps)}` : null;
}
