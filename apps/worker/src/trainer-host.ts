import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { TrainerStatus } from "@tunix-rt/contracts";
import type { TrainerSpec } from "./trainer-spec.js";
import { trainerStatus } from "./trainer-status.js";

/**
 * What a host can run: the built-in Python trainers of the installation at `home` (its `trainers/`
 * package and `.venv`) plus any configured ones. The server asks it for the trainers' status; the
 * worker for the commands to start.
 */
export interface TrainerHost {
  readonly home: string;
  /** The trainers offered from the start: `jax` when the package is here, plus configured ones. */
  trainers(): Record<string, TrainerSpec>;
  /** The `tunix` backend, offered once `status()` says Tunix imports here. */
  tunix(): TrainerSpec;
  /** Is a `tunix` package installed in the environment? (Cheap: no Python started.) */
  tunixInstalled(): boolean;
  /** What the Python trainers can do on this host (cached; it imports JAX). */
  status(): Promise<TrainerStatus>;
}

export function createTrainerHost(home: string, configuredJson?: string, cwd = process.cwd()): TrainerHost {
  const python = join(home, ".venv", "bin", "python");
  // JAX's compilation cache makes a repeat run start 4× faster.
  const env = {
    PYTHONPATH: join(home, "trainers"),
    JAX_COMPILATION_CACHE_DIR: join(home, ".venv", "jax-cache"),
  };
  const setup = pythonSetup(home);
  const backend = (name: string): TrainerSpec => ({
    command: [python, "-m", "tunix_rt_trainer", "--backend", name],
    env,
    setup,
  });
  return {
    home,
    trainers() {
      const out: Record<string, TrainerSpec> = {};
      // Offered whenever the package is here: the first run creates the environment if needed.
      if (existsSync(join(home, "trainers", "tunix_rt_trainer"))) out.jax = backend("jax");
      return { ...out, ...configuredTrainers(configuredJson, cwd) };
    },
    tunix: () => backend("tunix"),
    tunixInstalled() {
      const lib = join(home, ".venv", "lib");
      if (!existsSync(lib)) return false;
      return readdirSync(lib).some((py) => existsSync(join(lib, py, "site-packages", "tunix")));
    },
    status: () => trainerStatus(home),
  };
}

/**
 * Trainers from configuration. Relative paths in a command are resolved against the working
 * directory, so a config file can name `./my-trainer.py`.
 */
function configuredTrainers(json: string | undefined, cwd: string): Record<string, TrainerSpec> {
  if (!json) return {};
  const configured = JSON.parse(json) as Record<string, TrainerSpec>;
  return Object.fromEntries(
    Object.entries(configured).map(([name, spec]) => [
      name,
      {
        ...spec,
        command: spec.command.map((part, i) =>
          i > 0 && part.startsWith("./") && !isAbsolute(part) ? resolve(cwd, part) : part,
        ),
      },
    ]),
  );
}

const setups = new Map<string, (onLine: (line: string) => void) => Promise<void>>();

/**
 * Creates the installation's Python environment the first time a run needs it
 * (scripts/setup-python.mjs; a no-op once it matches trainers/requirements.txt). Runs that start
 * meanwhile share the one setup and all see its progress.
 */
function pythonSetup(home: string) {
  const existing = setups.get(home);
  if (existing) return existing;
  let ready: Promise<void> | null = null;
  const listeners = new Set<(line: string) => void>();
  const setup = async (onLine: (line: string) => void) => {
    listeners.add(onLine);
    try {
      ready ??= (async () => {
        const script = pathToFileURL(join(home, "scripts", "setup-python.mjs")).href;
        const mod = (await import(script)) as {
          ensurePythonEnv(o: { root: string; onLine: (l: string) => void }): Promise<string>;
        };
        await mod.ensurePythonEnv({
          root: home,
          onLine: (l) => {
            for (const fn of listeners) fn(l);
          },
        });
      })().catch((err) => {
        ready = null; // a later run may try again
        throw err;
      });
      await ready;
    } finally {
      listeners.delete(onLine);
    }
  };
  setups.set(home, setup);
  return setup;
}
