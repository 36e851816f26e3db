#!/usr/bin/env node
// Creates the trainers' Python environment: <repo>/.venv with trainers/requirements.txt installed.
// Idempotent: the sha256 of requirements.txt is kept in .venv/.tunix-rt-requirements.sha256 and a
// matching stamp means nothing to do. pip's output is streamed line by line (to the console, or to
// a caller's onLine so the worker can show it in a run's log). No npm dependencies.
//
//   node scripts/setup-python.mjs [--force] [--with-tunix [--wheels DIR]]   (Tunix: scripts/setup-tunix.mjs)
//   import { ensurePythonEnv } from "./scripts/setup-python.mjs";
//   const python = await ensurePythonEnv({ onLine: (line) => log(line) });
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const STAMP = ".tunix-rt-requirements.sha256";
const MIN_PYTHON = [3, 11];
const LOCK_STALE_MS = 30 * 60 * 1000;

export class PythonSetupError extends Error {}

/** The interpreter inside a virtual environment folder. */
export function venvPython(venvDir) {
  return process.platform === "win32"
    ? join(venvDir, "Scripts", "python.exe")
    : join(venvDir, "bin", "python");
}

function requirementsHash(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Runs a command, handing every output line (stdout and stderr) to onLine; resolves its exit code. */
export function runStreaming(cmd, args, { cwd, env, onLine }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const tail = [];
    const feed = (stream) => {
      let buf = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        buf += chunk;
        const parts = buf.split(/\r?\n|\r/);
        buf = parts.pop() ?? "";
        for (const line of parts) {
          if (!line) continue;
          tail.push(line);
          if (tail.length > 40) tail.shift();
          onLine(line);
        }
      });
      stream.on("end", () => {
        if (buf) {
          tail.push(buf);
          onLine(buf);
        }
      });
    };
    feed(child.stdout);
    feed(child.stderr);
    child.on("error", (error) => resolve({ code: null, error, tail }));
    child.on("close", (code) => resolve({ code, error: null, tail }));
  });
}

async function checkBasePython(python, onLine, env) {
  const lines = [];
  const r = await runStreaming(python, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], {
    env,
    onLine: (l) => lines.push(l),
  });
  if (r.error || r.code !== 0) {
    throw new PythonSetupError(
      `cannot run ${python} (${r.error?.message ?? `exit ${r.code}`}): install Python ${MIN_PYTHON.join(".")}+ or set TUNIX_RT_PYTHON to one`,
    );
  }
  const version = lines.at(-1) ?? "";
  const [major, minor] = version.split(".").map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new PythonSetupError(
      `${python} is Python ${version}; the trainers need ${MIN_PYTHON.join(".")}+ (set TUNIX_RT_PYTHON to a newer interpreter)`,
    );
  }
  onLine(`[python] using ${python} (Python ${version})`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** A lock folder next to .venv so two processes never install at once; a dead holder's lock is taken over. */
export async function withLock(lockDir, onLine, fn) {
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, "pid"), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(lockDir, "pid"), "utf8"));
      } catch {}
      let age = 0;
      try {
        age = Date.now() - statSync(lockDir).mtimeMs;
      } catch {}
      if ((Number.isFinite(holder) && holder > 0 && !pidAlive(holder)) || age > LOCK_STALE_MS) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) onLine(`[python] another process is setting up the environment; waiting`);
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

const NETWORK_TROUBLE =
  /NewConnectionError|ConnectTimeout|ReadTimeout|Max retries exceeded|Temporary failure in name resolution|Connection (?:reset|refused|aborted)/i;

async function install({ root, venvDir, requirements, basePython, onLine, env }) {
  const py = venvPython(venvDir);
  if (!existsSync(py)) {
    if (existsSync(venvDir)) rmSync(venvDir, { recursive: true, force: true }); // broken: base interpreter gone
    onLine(`[python] creating ${venvDir}`);
    const r = await runStreaming(basePython, ["-m", "venv", venvDir], { cwd: root, env, onLine });
    if (r.code !== 0 || !existsSync(py)) {
      const hint = r.tail.some((l) => /ensurepip|python3-venv/.test(l))
        ? " (Debian/Ubuntu: apt-get install python3-venv)"
        : "";
      throw new PythonSetupError(`could not create the virtual environment ${venvDir}${hint}`);
    }
  }
  onLine(`[python] installing ${requirements}`);
  await pipInstall(py, ["-r", requirements], { root, env, onLine });
  return py;
}

/**
 * `pip install ARGS` in the environment of `py`. It first runs without pip's network retries:
 * where only a local package index answers (offline machines), each unreachable index then costs
 * nothing instead of minutes of back-off; on network errors it tries once more with the retries.
 */
export async function pipInstall(py, args, { root, env, onLine }) {
  const pipArgs = ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off"];
  let r = await runStreaming(py, [...pipArgs, "--retries", "0", ...args], { cwd: root, env, onLine });
  if (r.code !== 0 && r.tail.some((l) => NETWORK_TROUBLE.test(l))) {
    onLine("[python] pip hit network errors; trying again with pip's default retries");
    r = await runStreaming(py, [...pipArgs, ...args], { cwd: root, env, onLine });
  }
  if (r.code !== 0) {
    throw new PythonSetupError(
      `pip install ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.code}`}); the lines above say why`,
    );
  }
}

let pending = null;

/**
 * Makes sure <root>/.venv exists with trainers/requirements.txt installed and returns the path of its
 * python. Fast when the stamp matches (no process is started). Throws PythonSetupError with a
 * one-line reason on failure.
 */
export async function ensurePythonEnv({
  onLine = (line) => console.log(line),
  root = REPO_ROOT,
  basePython = process.env.TUNIX_RT_PYTHON || (process.platform === "win32" ? "python" : "python3"),
  force = false,
} = {}) {
  const venvDir = join(root, ".venv");
  const requirements = join(root, "trainers", "requirements.txt");
  const stampFile = join(venvDir, STAMP);
  if (!existsSync(requirements)) throw new PythonSetupError(`${requirements} is missing`);
  const upToDate = () =>
    existsSync(venvPython(venvDir)) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, "utf8").trim() === requirementsHash(requirements);
  if (!force && upToDate()) return venvPython(venvDir);
  if (pending) return pending; // one install per process, shared by concurrent callers
  pending = (async () => {
    const env = { ...process.env, PYTHONUNBUFFERED: "1", PIP_DISABLE_PIP_VERSION_CHECK: "1" };
    const started = Date.now();
    return withLock(`${venvDir}.lock`, onLine, async () => {
      if (!force && upToDate()) return venvPython(venvDir); // someone else just finished it
      await checkBasePython(basePython, onLine, env);
      const hash = requirementsHash(requirements);
      if (existsSync(stampFile)) rmSync(stampFile);
      const py = await install({ root, venvDir, requirements, basePython, onLine, env });
      writeFileSync(stampFile, `${hash}\n`);
      onLine(`[python] environment ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${py}`);
      return py;
    });
  })();
  try {
    return await pending;
  } finally {
    pending = null;
  }
}

/** The command line; not a top-level await, so that setup-tunix.mjs can import this module. */
async function main(args) {
  const force = args.includes("--force");
  const wheelsAt = args.indexOf("--wheels");
  try {
    let py = await ensurePythonEnv({ force });
    if (args.includes("--with-tunix")) {
      const { ensureTunix } = await import("./setup-tunix.mjs");
      py = await ensureTunix({ force, wheels: wheelsAt === -1 ? undefined : args[wheelsAt + 1] });
    }
    console.log(`[python] ok: ${py}`);
  } catch (e) {
    console.error(`[python] setup failed: ${e instanceof PythonSetupError ? e.message : e.stack}`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main(process.argv.slice(2));
