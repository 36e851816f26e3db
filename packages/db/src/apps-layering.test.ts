// Apps (server, worker, CLI, web) call service verbs and never hold SQL: the database is opened
// only by the files that wire a process together. Biome's noRestrictedImports rule says the same in
// editors; this check runs with the test suite so a violation fails `npm test`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
/** Process wiring: opens the database and the notify bus, hands them to verbs. */
const WIRING = new Set([
  "apps/server/src/start-server.ts",
  "apps/server/src/create-app.ts",
  "apps/worker/src/main.ts",
]);
/** Test code may set up states no verb makes (a worker lost mid-run) and read the tables directly. */
const TEST_CODE = /\.test\.tsx?$|(^|\/)(testing|[\w-]*-harness|[\w-]*-fixture)\.ts$/;
const DATABASE_MODULES = /from\s+"(@tunix-rt\/db|drizzle-orm|pg|@electric-sql\/pglite)(\/[^"]*)?"/g;
const SQL = /\bsql`|\bqueryRows\b|\b(SELECT|UPDATE|INSERT INTO|DELETE FROM)\s+[a-z_]+\s/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !TEST_CODE.test(name) ? [path] : [];
  });
}

describe("apps hold no SQL", () => {
  const files = ["server", "worker", "cli", "web"].flatMap((app) => sources(join(ROOT, "apps", app, "src")));

  it("finds the apps' sources", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it("only process wiring imports the database packages, and only @tunix-rt/db", () => {
    const offenders = files.flatMap((f) => {
      const rel = relative(ROOT, f);
      const imports = [...readFileSync(f, "utf8").matchAll(DATABASE_MODULES)].map((m) => m[1]!);
      if (!imports.length) return [];
      if (WIRING.has(rel) && imports.every((m) => m === "@tunix-rt/db")) return [];
      return [`${rel}: ${imports.join(", ")}`];
    });
    expect(offenders).toEqual([]);
  });

  it("no app source writes SQL", () => {
    const offenders = files.filter((f) => SQL.test(readFileSync(f, "utf8"))).map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
