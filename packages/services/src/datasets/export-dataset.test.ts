import { BuildDatasetBody, type ExportDatasetQuery, type ReasoningTrace } from "@tunix-rt/contracts";
import { type Database, type DbHandle, queryRows, sql } from "@tunix-rt/db";
import { createTestDb, hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../deps.js";
import { EXPORT_FORMATS } from "../render/export-records.js";
import { insertTraceRecords } from "../traces/insert-traces.js";
import { toTraceRecord } from "../traces/trace-record.js";
import { buildDataset } from "./build-dataset.js";
import { exportDatasetLines } from "./export-dataset.js";

/** Trace k: mostly plain ASCII, with every kind of text that needs escaping mixed in. */
function traceFor(k: number): ReasoningTrace {
  const odd = [
    'a "quoted" back\\slash',
    "tab\there\nnew line\r\u0001\u007f",
    "é ü 日本 😀",
    "x".repeat(30_000), // longer than a COPY chunk: a row cut across several
  ][k % 6]; // k % 6 of 4 or 5: plain ASCII
  const meta = [
    { source: "t", n: k },
    { "2": 2.5e-7, format: "mine", source: "t", nested: { a: [1, 1.5, null, "é"] } },
    null,
    { created_at: "overridden", big: 1e21, "0": true },
    { source: odd ?? "s" },
  ][k % 5];
  return {
    trace_version: k % 7 === 0 ? "2.0" : "1.0",
    prompt: `Prompt ${k}: ${odd ?? "plain words"}`,
    final_answer: k % 3 === 0 ? `${k}` : `answer ${odd ?? k}`,
    steps: Array.from({ length: 1 + (k % 4) }, (_, i) => ({
      i,
      type: "t",
      content: `step ${i} ${odd ?? ""}`,
    })),
    meta: meta as ReasoningTrace["meta"],
  };
}

const N = 120;
const QUERIES: ExportDatasetQuery[] = [];
for (const format of EXPORT_FORMATS)
  for (const split of [undefined, "train", "val", "test"] as const)
    QUERIES.push({ format, split, response_style: "numbered" });
QUERIES.push({ format: "tunix_sft", response_style: "tagged", system_instruction: "Think. é" });
QUERIES.push({ format: "chat", response_style: "tagged", system_instruction: 'Say "hi"' });

async function exportText(deps: ServiceDeps, q: ExportDatasetQuery) {
  const { lines } = await exportDatasetLines(deps, "exp-v1", q);
  let out = "";
  for await (const line of lines) out += line;
  return out;
}

// The same database without drizzle's `$client`, so the export reads pages as in a transaction.
const pagedDeps = (db: Database): ServiceDeps => ({
  db: { execute: (q: unknown) => db.execute(q as never) } as never,
});

// Pool connections checked out now: a COPY stream holds one until it ends; pages hold none between.
const busy = (h: DbHandle) => h.pool!.totalCount - h.pool!.idleCount;
// Server processes connected to this test's database: a dropped connection's must go away too.
const backends = async (h: DbHandle) =>
  (
    await queryRows<{ n: number }>(
      h.db,
      sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`,
    )
  )[0]!.n;

describe.skipIf(!hasTestPostgres())("dataset export streamed from Postgres", () => {
  let pglite: DbHandle;
  let postgres: DbHandle;
  beforeAll(async () => {
    [pglite, postgres] = await Promise.all([createTestDb(), createTestDb({ postgres: true })]);
    const now = new Date("2026-01-02T03:04:05.678Z");
    const records = Array.from({ length: N }, (_, k) => toTraceRecord(traceFor(k), now));
    for (const h of [pglite, postgres]) {
      await insertTraceRecords({ db: h.db }, records);
      // Microseconds, which a JavaScript Date cannot hold, must come out as they did before.
      await h.db.execute(sql`UPDATE traces SET created_at = created_at + interval '123 microseconds'
        WHERE id IN (SELECT id FROM traces ORDER BY id LIMIT 7)`);
      await buildDataset(
        { db: h.db },
        BuildDatasetBody.parse({
          dataset_name: "exp",
          dataset_version: "v1",
          limit: N,
          split: { val: 0.2, test: 0.2, seed: 3 },
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all([pglite?.close(), postgres?.close()]);
  });

  it("gives the PGlite bytes, and the paged Postgres bytes, for every format, split and option", async () => {
    for (const q of QUERIES) {
      const streamed = await exportText({ db: postgres.db }, q);
      const count = streamed.split("\n").length - 1;
      if (q.split) expect(count, JSON.stringify(q)).toBeGreaterThan(5);
      else expect(count, JSON.stringify(q)).toBe(N);
      expect(streamed, JSON.stringify(q)).toBe(await exportText({ db: pglite.db }, q));
      expect(streamed, JSON.stringify(q)).toBe(await exportText(pagedDeps(postgres.db), q));
    }
  });

  it("streams through one held connection, and a reader that stops early gives it back", async () => {
    const pool = postgres.pool!;
    for (let round = 0; round < pool.options.max! + 2; round++) {
      const { lines } = await exportDatasetLines({ db: postgres.db }, "exp-v1", {
        format: "tunix_sft",
      } as never);
      await lines.next();
      expect(busy(postgres)).toBe(1);
      await lines.return(undefined);
      expect(busy(postgres)).toBe(0);
    }
    // More early stops than the pool has connections: had one leaked, these would wait forever.
    await expect
      .poll(async () => (await backends(postgres)) <= pool.totalCount, { timeout: 10_000 })
      .toBe(true);
    expect(await exportText({ db: postgres.db }, { format: "trace" } as never)).toBe(
      await exportText({ db: pglite.db }, { format: "trace" } as never),
    );
  });

  it("streams at most half the pool at once; further exports read pages, with the same bytes", async () => {
    const pool = postgres.pool!;
    const readers = await Promise.all(
      Array.from({ length: pool.options.max! / 2 + 2 }, () =>
        exportDatasetLines({ db: postgres.db }, "exp-v1", { format: "tunix_sft" } as never),
      ),
    );
    const first = await Promise.all(readers.map((r) => r.lines.next()));
    expect(busy(postgres)).toBe(pool.options.max! / 2);
    const expected = await exportText({ db: pglite.db }, { format: "tunix_sft" } as never);
    const texts = await Promise.all(
      readers.map(async (r, i) => {
        let out = first[i]!.value as string;
        for await (const line of r.lines) out += line;
        return out;
      }),
    );
    for (const t of texts) expect(t).toBe(expected);
    expect(busy(postgres)).toBe(0);
  });
});
