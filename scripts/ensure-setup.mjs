// Runs before `npm start` and `npm test` (npm's prestart/pretest hooks) so the README's quick start
// is two commands on a fresh clone: installs npm packages when missing, builds the web app when
// its sources are newer than the build, and with --test-deps installs the system packages the
// test suite needs (Debian chromium and postgresql) when they are missing and we can.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = new Set(process.argv.slice(2));

function sh(cmd, cmdArgs, opts = {}) {
  console.log(`[setup] ${cmd} ${cmdArgs.join(" ")}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit", ...opts });
  if (r.status !== 0) {
    console.error(`[setup] failed: ${cmd} ${cmdArgs.join(" ")} (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

// 1. npm packages (the lockfile pins every version).
if (
  !existsSync(join(root, "node_modules", ".bin", "tunix-rt")) ||
  !existsSync(join(root, "node_modules", "hono"))
) {
  sh("npm", ["ci", "--no-audit", "--no-fund"]);
}

// 2. The web app, rebuilt only when something it is built from changed.
if (args.has("--web")) {
  const web = join(root, "apps", "web");
  const built = newestMtime(join(web, "dist", "index.html"));
  const sources = Math.max(
    newestMtime(join(web, "src")),
    newestMtime(join(web, "index.html")),
    newestMtime(join(web, "vite.config.ts")),
    newestMtime(join(root, "packages", "contracts", "src")),
    newestMtime(join(root, "packages", "client", "src")),
  );
  if (existsSync(join(web, "index.html")) && sources > built)
    sh("npm", ["run", "build", "-w", "@tunix-rt/web"]);
}

// 3. System packages for the suite: a real Postgres server and Debian's Chromium.
if (args.has("--test-deps")) {
  const missing = [];
  if (!existsSync("/usr/bin/chromium")) missing.push("chromium");
  const pgBase = "/usr/lib/postgresql";
  const hasPg =
    existsSync(pgBase) && readdirSync(pgBase).some((v) => existsSync(join(pgBase, v, "bin", "initdb")));
  if (!hasPg) missing.push("postgresql");
  if (missing.length) {
    const canApt = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
    if (!canApt) {
      console.error(
        `[setup] the test suite needs: ${missing.join(", ")}. Install them (Debian: sudo apt-get install -y ${missing.join(" ")}) and run again.`,
      );
      process.exit(1);
    }
    sh("apt-get", ["update", "-qq"]);
    sh("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  }
}

// 4. The Python environment for the trainers (offline index here, PyPI elsewhere); a no-op when it
//    already matches trainers/requirements.txt. `npm start` leaves it to the first run that needs it.
if (args.has("--test-deps") && existsSync(join(root, "scripts", "setup-python.mjs"))) {
  sh(process.execPath, [join(root, "scripts", "setup-python.mjs")]);
}
