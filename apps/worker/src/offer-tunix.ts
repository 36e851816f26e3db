import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Worker } from "./create-worker.js";
import { trainerStatus } from "./trainer-status.js";
import { PROJECT_ROOT, tunixTrainerSpec } from "./trainers.js";

/** Is a `tunix` package installed in the project's environment? (Cheap: no Python started.) */
function tunixInstalled(): boolean {
  const lib = join(PROJECT_ROOT, ".venv", "lib");
  if (!existsSync(lib)) return false;
  return readdirSync(lib).some((py) => existsSync(join(lib, py, "site-packages", "tunix")));
}

/**
 * Only where Tunix is installed, checks in the background (it imports JAX: seconds) that it really
 * imports, and then offers the `tunix` trainer: a worker advertises what it can run.
 */
export function offerTunixWhenAvailable(worker: Worker, log: { info(o: object, m?: string): void }) {
  if (!tunixInstalled()) return;
  void trainerStatus().then(async (s) => {
    if ("backends" in s && s.backends.tunix?.available) {
      await worker.addTrainer("tunix", tunixTrainerSpec());
      log.info({ version: s.backends.tunix.version }, "Tunix is available: offering the tunix trainer");
    }
  });
}
