// The embedded database on disk: created on first use, reopened after.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "./create-db.js";
import { queryRows } from "./query-rows.js";

const parent = mkdtempSync(join(tmpdir(), "trt-db-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe("createDb on an embedded folder", () => {
  it("fixed bug — creating a new folder runs initdb in the server's process, whose memory is never given back", async () => {
    const dir = join(parent, "fresh");
    const before = process.memoryUsage().rss;
    const handle = await createDb({ pgliteDir: dir });
    const grown = process.memoryUsage().rss - before;
    try {
      expect(existsSync(join(dir, "PG_VERSION"))).toBe(true);
      const rows = await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM traces`);
      expect(rows[0]!.n).toBe(0);
      // Opening a folder costs PGlite ~250 MB here; initdb in-process cost ~550 MB more, for good.
      expect(grown / 2 ** 20).toBeLessThan(450);
    } finally {
      await handle.close();
    }
    // Reopened: the migrations are already applied, the data is still there.
    const again = await createDb({ pgliteDir: dir });
    try {
      await again.db.execute(sql`SELECT 1 FROM traces LIMIT 1`);
    } finally {
      await again.close();
    }
  });

  it("names the folder when it cannot be created", async () => {
    const file = join(parent, "not-a-dir");
    await import("node:fs").then((fs) => fs.writeFileSync(file, "x"));
    await expect(createDb({ pgliteDir: join(file, "db") })).rejects.toThrow(/not-a-dir/);
  });
});
