import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { TrainerStatus } from "@tunix-rt/contracts";

const CACHE_MS = 5 * 60 * 1000;
const cache = new Map<string, { at: number; value: Promise<TrainerStatus> }>();

/**
 * What the Python trainers can do on this host (`python -m tunix_rt_trainer status`), cached: it
 * imports JAX, which takes seconds.
 */
export function trainerStatus(root: string): Promise<TrainerStatus> {
  const cached = cache.get(root);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const python = join(root, ".venv", "bin", "python");
  const value = existsSync(python)
    ? new Promise<TrainerStatus>((resolve) => {
        execFile(
          python,
          ["-m", "tunix_rt_trainer", "status"],
          {
            cwd: root,
            env: {
              PATH: process.env.PATH ?? "",
              HOME: process.env.HOME ?? "",
              PYTHONPATH: join(root, "trainers"),
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
  // Only an answer from Python is kept: "not set up yet" changes as soon as a first jax run
  // creates the environment, and checking it again costs one existsSync.
  if (existsSync(python)) cache.set(root, { at: Date.now(), value });
  return value;
}
