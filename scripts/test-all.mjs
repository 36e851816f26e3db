// `npm test`: the whole suite. Starts a throwaway Postgres server for the real-server tests, runs
// Vitest (unit + integration), pytest (trainers) and Playwright (browser journeys), then prints
// one line `N passed, N failed` that CI reads. Exit status is non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startPostgres } from "./postgres-server.mjs";

const root = new URL("..", import.meta.url).pathname;
const tmp = join(root, ".tmp");
mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- vitest` runs one stage
const wants = (stage) => only.length === 0 || only.includes(stage);

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

const pg = await startPostgres();
process.on("exit", () => pg.stop());
const env = { TEST_DATABASE_URL: pg.url };
console.log(`Test Postgres server: ${pg.url}`);

try {
  if (wants("vitest")) {
    const out = join(tmp, "vitest.json");
    const code = run(
      "npx",
      ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`],
      env,
    );
    const report = readJson(out);
    if (report) {
      totals.passed += report.numPassedTests;
      totals.failed += report.numFailedTests;
      totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
      if (code !== 0 && report.numFailedTests === 0)
        problems.push(`vitest exited ${code} (a file failed to load?)`);
    } else problems.push(`vitest produced no report (exit ${code})`);
  }

  const venvPy = join(root, ".venv", "bin", "python");
  if (wants("pytest") && existsSync(join(root, "trainers", "tests")) && existsSync(venvPy)) {
    const out = join(tmp, "pytest.xml");
    const code = run(venvPy, ["-m", "pytest", "trainers/tests", "-q", `--junitxml=${out}`], env);
    const xml = existsSync(out) ? readFileSync(out, "utf8") : "";
    const m = /<testsuite[^>]*errors="(\d+)"[^>]*failures="(\d+)"[^>]*skipped="(\d+)"[^>]*tests="(\d+)"/.exec(
      xml,
    );
    if (m) {
      const [errors, failures, skipped, tests] = m.slice(1).map(Number);
      totals.failed += errors + failures;
      totals.skipped += skipped;
      totals.passed += tests - errors - failures - skipped;
    } else if (code !== 5) problems.push(`pytest produced no report (exit ${code})`);
  }

  if (wants("e2e") && existsSync(join(root, "playwright.config.ts"))) {
    const out = join(tmp, "playwright.json");
    const code = run("npx", ["playwright", "test"], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    const report = readJson(out);
    if (report?.stats) {
      totals.passed += report.stats.expected + (report.stats.flaky ?? 0);
      totals.failed += report.stats.unexpected;
      totals.skipped += report.stats.skipped;
      if (code !== 0 && report.stats.unexpected === 0) problems.push(`playwright exited ${code}`);
    } else problems.push(`playwright produced no report (exit ${code})`);
  }
} finally {
  pg.stop();
}

for (const p of problems) console.error(`!! ${p}`);
const failed = totals.failed + problems.length;
console.log(
  `${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`,
);
process.exit(failed > 0 ? 1 : 0);
