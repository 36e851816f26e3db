import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./trainers.js";

export interface BackendStatus {
  available: boolean;
  version: string | null;
  reason?: string;
}
export type TrainerStatus = { backends: Record<string, BackendStatus> } | { error: string };

const CACHE_MS = 5 * 60 * 1000;
let cached: { at: number; value: Promise<TrainerStatus> } | null = null;

/**
 * What the Python trainers can do on this host (`python -m tunix_rt_trainer status`), cached: it
 * imports JAX, which takes seconds.
 */
export function trainerStatus(): Promise<TrainerStatus> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const python = join(PROJECT_ROOT, ".venv", "bin", "python");
  const value = existsSync(python)
    ? new Promise<TrainerStatus>((resolve) => {
        execFile(
          python,
          ["-m", "tunix_rt_trainer", "status"],
          {
            cwd: PROJECT_ROOT,
            env: {
              PATH: process.env.PATH ?? "",
              HOME: process.env.HOME ?? "",
              PYTHONPATH: join(PROJECT_ROOT, "trainers"),
            },
            timeout: 60_000,
          },
          (err, stdout) => {
            try {
              resolve(JSON.parse(stdout) as TrainerStatus);
            } catch {
              resolve({ error: `trainer status failed: ${err?.message ?? "unreadable output"}` });
            }
          },
        );
      })
    : Promise.resolve<TrainerStatus>({
        error:
          "the Python trainers are not set up on this host yet (node scripts/setup-python.mjs, or start a jax run)",
      });
  cached = { at: Date.now(), value };
  return value;
}
