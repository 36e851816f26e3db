import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TrainerSpec } from "./trainer-spec.js";

export const PROJECT_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** Environment for the Python trainers; JAX's compilation cache makes a repeat run start 4× faster. */
const pythonEnv = () => ({
  PYTHONPATH: join(PROJECT_ROOT, "trainers"),
  JAX_COMPILATION_CACHE_DIR: join(PROJECT_ROOT, ".venv", "jax-cache"),
});

/** The Tunix backend, offered only where `tunix_rt_trainer status` says Tunix imports. */
export const tunixTrainerSpec = (): TrainerSpec => ({
  command: [join(PROJECT_ROOT, ".venv", "bin", "python"), "-m", "tunix_rt_trainer", "--backend", "tunix"],
  env: pythonEnv(),
  setup: ensurePython,
});

let pythonReady: Promise<void> | null = null;
const listeners = new Set<(line: string) => void>();

/**
 * Creates the project's Python environment the first time a run needs it (scripts/setup-python.mjs;
 * a no-op once it matches trainers/requirements.txt). Runs that start meanwhile share the one
 * setup and all see its progress.
 */
async function ensurePython(onLine: (line: string) => void): Promise<void> {
  listeners.add(onLine);
  try {
    pythonReady ??= (async () => {
      const mod = (await import(new URL("../../../scripts/setup-python.mjs", import.meta.url).href)) as {
        ensurePythonEnv(o: { onLine: (l: string) => void }): Promise<string>;
      };
      await mod.ensurePythonEnv({
        onLine: (l) => {
          for (const fn of listeners) fn(l);
        },
      });
    })().catch((err) => {
      pythonReady = null; // a later run may try again
      throw err;
    });
    await pythonReady;
  } finally {
    listeners.delete(onLine);
  }
}

/**
 * The trainers this host offers: the Python package's backends when its virtual environment
 * exists (trainers/, issue 5), plus any configured ones. Relative paths in a configured command
 * are resolved against the working directory, so a config file can name `./my-trainer.py`.
 */
export function resolveTrainers(
  configuredJson: string | undefined,
  cwd = process.cwd(),
): Record<string, TrainerSpec> {
  const out: Record<string, TrainerSpec> = {};
  const python = join(PROJECT_ROOT, ".venv", "bin", "python");
  // Offered whenever the package is here: the first run creates the environment if needed.
  if (existsSync(join(PROJECT_ROOT, "trainers", "tunix_rt_trainer"))) {
    out.jax = {
      command: [python, "-m", "tunix_rt_trainer", "--backend", "jax"],
      env: pythonEnv(),
      setup: ensurePython,
    };
  }
  if (configuredJson) {
    const configured = JSON.parse(configuredJson) as Record<string, TrainerSpec>;
    for (const [name, spec] of Object.entries(configured)) {
      out[name] = {
        ...spec,
        command: spec.command.map((part, i) =>
          i > 0 && part.startsWith("./") && !isAbsolute(part) ? resolve(cwd, part) : part,
        ),
      };
    }
  }
  return out;
}
