// Adds the tunix backend to the trainers' environment: Google's Tunix and qwix, then the packages
// their SFT path imports (trainers/requirements-tunix.txt, a lock). Idempotent like the base setup:
// a stamp in .venv holds the sha256 of the lock and of what Tunix was installed from.
//
//   node scripts/setup-python.mjs --with-tunix                 # google-tunix and qwix from the package index
//   node scripts/setup-python.mjs --with-tunix --wheels DIR    # from wheel files (the vendored Tunix and qwix wheels)
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  ensurePythonEnv,
  PythonSetupError,
  pipInstall,
  REPO_ROOT,
  runStreaming,
  venvPython,
  withLock,
} from "./setup-python.mjs";

const STAMP = ".tunix-rt-tunix.sha256";
/** The versions the tunix backend is written against (docs/trainers.md). */
const FROM_INDEX = ["google-tunix==0.1.8", "qwix==0.1.6"];
/** The backend's own import check (with its stand-ins for modules SFT never uses), and LoRA. */
const PROBE = "from tunix_rt_trainer.tunix_backend import require; require(); import qwix";

/** The Tunix and qwix wheels in a folder, or a one-line reason they are not there. */
function findWheels(dir) {
  if (!existsSync(dir)) throw new PythonSetupError(`--wheels ${dir}: no such folder`);
  const files = readdirSync(dir);
  const pick = (prefix) => {
    const hit = files
      .filter((f) => f.startsWith(prefix) && f.endsWith(".whl"))
      .sort()
      .at(-1);
    if (!hit) throw new PythonSetupError(`--wheels ${dir}: no ${prefix}*.whl there`);
    return join(dir, hit);
  };
  return [pick("google_tunix-"), pick("qwix-")];
}

function stampOf(lock, wheels) {
  const h = createHash("sha256").update(readFileSync(lock));
  for (const w of wheels ?? FROM_INDEX) h.update(wheels ? readFileSync(w) : w);
  return h.digest("hex");
}

/**
 * Makes sure the environment (made first if needed) has Tunix and qwix and what their SFT path
 * imports, and that it imports. Returns the environment's python. Throws PythonSetupError.
 */
export async function ensureTunix({
  onLine = (line) => console.log(line),
  root = REPO_ROOT,
  wheels,
  force = false,
} = {}) {
  const py = await ensurePythonEnv({ onLine, root });
  const venvDir = join(root, ".venv");
  const lock = join(root, "trainers", "requirements-tunix.txt");
  const files = wheels ? findWheels(resolve(wheels)) : null;
  const stampFile = join(venvDir, STAMP);
  const want = stampOf(lock, files);
  const upToDate = () => existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === want;
  if (!force && upToDate()) return py;
  const env = { ...process.env, PYTHONUNBUFFERED: "1", PIP_DISABLE_PIP_VERSION_CHECK: "1" };
  return withLock(`${venvDir}.lock`, onLine, async () => {
    if (!force && upToDate()) return py;
    if (existsSync(stampFile)) rmSync(stampFile);
    const started = Date.now();
    onLine(
      `[python] installing Tunix and qwix ${files ? `from ${files.join(", ")}` : "from the package index"}`,
    );
    await pipInstall(py, ["--no-deps", ...(files ?? FROM_INDEX)], { root, env, onLine });
    onLine(`[python] installing ${lock}`);
    // Tunix was installed without its declared dependencies on purpose: pip's complaint about them is noise.
    await pipInstall(py, ["--no-warn-conflicts", "-r", lock], { root, env, onLine });
    const probe = await runStreaming(venvPython(venvDir), ["-c", PROBE], {
      cwd: root,
      env: { ...env, PYTHONPATH: join(root, "trainers") },
      onLine,
    });
    if (probe.code !== 0)
      throw new PythonSetupError(
        `Tunix is installed but does not import (${probe.tail.at(-1) ?? `exit ${probe.code}`})`,
      );
    writeFileSync(stampFile, `${want}\n`);
    onLine(`[python] Tunix ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return py;
  });
}
