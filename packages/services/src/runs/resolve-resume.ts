import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { isUuid } from "../ids.js";
import { getRunRow } from "./run-row.js";

/**
 * `resume_from` names a checkpoint of an earlier run: "<run id>" (its latest checkpoint) or
 * "<run id>/checkpoints/<step>". Never a free path: the worker resolves it inside that run's
 * own directory.
 */
export async function resolveResume(
  deps: ServiceDeps,
  value: string,
): Promise<{ run_id: string; checkpoint: string | null }> {
  const m = /^([0-9a-f-]{36})(?:\/checkpoints\/(\d+))?\/?$/i.exec(value.trim());
  if (!m || !isUuid(m[1]!)) {
    throw new AppError("validation", "resume_from must be a run id or <run id>/checkpoints/<step>", {
      errors: [{ field: "resume_from", message: "expected <run id> or <run id>/checkpoints/<step>" }],
    });
  }
  const run = await getRunRow(deps, m[1]!).catch(() => {
    throw new AppError("validation", `resume_from names an unknown run ${m[1]}`, {
      errors: [{ field: "resume_from", message: "unknown run" }],
    });
  });
  return { run_id: run.id, checkpoint: m[2] ? `checkpoints/${m[2]}` : null };
}
