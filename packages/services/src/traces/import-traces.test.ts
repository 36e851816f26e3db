import { REJECTED_REPORT_MAX } from "@tunix-rt/contracts";
import { type DbHandle, queryRows, sql } from "@tunix-rt/db";
import { createTestDb, hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../deps.js";
import { importTraces } from "./import-traces.js";
import { insertTraceRecords } from "./insert-traces.js";
import { toTraceRecord } from "./trace-record.js";

const enc = new TextEncoder();
const trace = (n: number, extra: Record<string, unknown> = {}) => ({
  trace_version: "1.0",
  prompt: `prompt ${n}`,
  final_answer: `${n}`,
  steps: [{ i: 0, type: "t", content: `step of ${n}` }],
  meta: { source: "import-test" },
  ...extra,
});
/** The text as a byte stream cut every `chunk` bytes (so boundaries fall inside lines and characters). */
async function* stream(text: string, chunk = 7): AsyncGenerator<Uint8Array> {
  const bytes = enc.encode(text);
  for (let k = 0; k < bytes.length; k += chunk) yield bytes.subarray(k, k + chunk);
}
const ndjson = (...lines: unknown[]) =>
  lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");

describe.each(["pglite", "postgres"] as const)("importTraces and insertTraceRecords on %s", (kind) => {
  const skip = kind === "postgres" && !hasTestPostgres();
  let handle: DbHandle;
  let deps: ServiceDeps;
  const count = async () =>
    Number((await queryRows<{ n: string | number }>(deps.db, sql`SELECT count(*) AS n FROM traces`))[0]!.n);
  const prompts = async () =>
    (
      await queryRows<{ p: string }>(deps.db, sql`SELECT payload->>'prompt' AS p FROM traces ORDER BY id`)
    ).map((r) => r.p);

  beforeAll(async () => {
    if (skip) return;
    handle = await createTestDb({ postgres: kind === "postgres" });
    deps = { db: handle.db };
  });
  afterAll(async () => {
    await handle?.close();
  });
  beforeEach(async () => {
    if (skip) return;
    await deps.db.execute(sql`DELETE FROM traces`);
  });

  describe.skipIf(skip)("NDJSON import", () => {
    it("stores good lines and reports bad, too-long and malformed ones by line number; blank lines count", async () => {
      const text = ndjson(
        trace(1), // 1
        "{not json", // 2
        "", // 3 blank
        trace(2, { steps: [] }), // 4 invalid trace
        trace(3, { prompt: "x".repeat(500) }), // 5 too long (> 300 bytes)
        "   ", // 6 blank
        "[1,2]", // 7 valid JSON, not a trace
        trace(4, { unknown_key: true }), // 8 good (key stripped)
      );
      const r = await importTraces(deps, stream(text), { onDuplicate: "store", maxLineBytes: 300 });
      expect(r).toMatchObject({
        received_count: 6,
        created_count: 2,
        skipped_count: 0,
        rejected_count: 4,
        rejected_truncated: false,
      });
      expect(r.rejected.map((x) => x.line)).toEqual([2, 4, 5, 7]);
      expect(r.rejected[0]!.errors[0]!.message).toMatch(/malformed JSON/);
      expect(r.rejected[1]!.errors).toEqual([{ field: "steps", message: expect.any(String) }]);
      expect(r.rejected[2]!.errors).toEqual([{ field: "(line)", message: "line exceeds 300 bytes" }]);
      expect(r.rejected[3]!.errors.length).toBeGreaterThan(0);
      expect(await prompts()).toEqual(["prompt 1", "prompt 4"]);
      const stored = await queryRows<{ payload: Record<string, unknown> }>(
        deps.db,
        sql`SELECT payload FROM traces WHERE payload->>'prompt' = 'prompt 4'`,
      );
      expect(stored[0]!.payload).toEqual(trace(4));
    });

    it("handles CRLF line endings and a byte order mark", async () => {
      const text = `\ufeff${JSON.stringify(trace(1))}\r\n\r\n${JSON.stringify(trace(2))}\r\n`;
      const r = await importTraces(deps, stream(text, 3), { onDuplicate: "store", maxLineBytes: 10_000 });
      expect(r).toMatchObject({ received_count: 2, created_count: 2, rejected_count: 0 });
    });

    it("keeps multi-byte characters intact across chunk boundaries", async () => {
      const t = trace(1, { prompt: "😀 é 中 𝔘".repeat(20) });
      for (const chunk of [1, 2, 3, 5]) {
        await deps.db.execute(sql`DELETE FROM traces`);
        const r = await importTraces(deps, stream(JSON.stringify(t), chunk), {
          onDuplicate: "store",
          maxLineBytes: 10_000,
        });
        expect(r.created_count).toBe(1);
        expect(await prompts()).toEqual([t.prompt]);
      }
    });

    it("on_duplicate=skip drops duplicates within one batch and across batches and imports", async () => {
      // Same content with keys in another order is a duplicate too (canonical hash).
      const reordered = {
        steps: trace(1).steps,
        meta: { source: "import-test" },
        final_answer: "1",
        prompt: "prompt 1",
        trace_version: "1.0",
      };
      const text = ndjson(trace(1), trace(2), trace(1), reordered, trace(3), trace(2));
      const first = await importTraces(deps, stream(text), {
        onDuplicate: "skip",
        maxLineBytes: 10_000,
        batchSize: 2,
      });
      expect(first).toMatchObject({
        received_count: 6,
        created_count: 3,
        skipped_count: 3,
        rejected_count: 0,
      });
      expect(await count()).toBe(3);
      const again = await importTraces(deps, stream(text), { onDuplicate: "skip", maxLineBytes: 10_000 });
      expect(again).toMatchObject({ received_count: 6, created_count: 0, skipped_count: 6 });
      expect(await count()).toBe(3);
    });

    it("fixed bug — concurrent on_duplicate=skip imports of the same traces both store them", async () => {
      // Each import checks "not stored yet" and inserts; without serialising those steps two
      // imports on two connections both see a trace as new and both store it.
      const text = ndjson(...Array.from({ length: 2000 }, (_, i) => trace(i)));
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          importTraces(deps, stream(text, 4096), {
            onDuplicate: "skip",
            maxLineBytes: 10_000,
            batchSize: 500,
          }),
        ),
      );
      expect(await count()).toBe(2000);
      expect(results.reduce((n, r) => n + r.created_count, 0)).toBe(2000);
      expect(results.reduce((n, r) => n + r.skipped_count, 0)).toBe(10_000);
    });

    it("on_duplicate=store keeps every copy", async () => {
      const text = ndjson(trace(1), trace(1), trace(1));
      const r = await importTraces(deps, stream(text), { onDuplicate: "store", maxLineBytes: 10_000 });
      expect(r).toMatchObject({ created_count: 3, skipped_count: 0 });
      const skip = await importTraces(deps, stream(ndjson(trace(1))), {
        onDuplicate: "skip",
        maxLineBytes: 10_000,
      });
      expect(skip).toMatchObject({ created_count: 0, skipped_count: 1 });
      expect(await count()).toBe(3);
    });

    it("meta or a missing meta changes the hash (null and absent meta are the same content)", async () => {
      const { meta: _m, ...noMeta } = trace(1);
      const text = ndjson(noMeta, { ...noMeta, meta: null }, trace(1));
      const r = await importTraces(deps, stream(text), { onDuplicate: "skip", maxLineBytes: 10_000 });
      expect(r).toMatchObject({ created_count: 2, skipped_count: 1 });
    });

    it("writes in batches of batchSize and reports progress after each", async () => {
      const lines = Array.from({ length: 7 }, (_, k) => trace(k));
      const progress: Array<{ received: number; created: number }> = [];
      const r = await importTraces(deps, stream(ndjson(...lines)), {
        onDuplicate: "store",
        maxLineBytes: 10_000,
        batchSize: 3,
        onProgress: (p) => progress.push(p),
      });
      expect(r.created_count).toBe(7);
      expect(progress).toEqual([
        { received: 3, created: 3 },
        { received: 6, created: 6 },
        { received: 7, created: 7 },
      ]);
      expect(await prompts()).toEqual(lines.map((l) => l.prompt)); // input order kept (ids are time-ordered)
    });

    it("a batch that is exactly full leaves no empty final write", async () => {
      const progress: number[] = [];
      const lines = Array.from({ length: 4 }, (_, k) => trace(k));
      await importTraces(deps, stream(`${ndjson(...lines)}\n`), {
        onDuplicate: "store",
        maxLineBytes: 10_000,
        batchSize: 2,
        onProgress: (p) => progress.push(p.created),
      });
      expect(progress).toEqual([2, 4]);
    });

    it("an empty upload and an all-blank upload create nothing", async () => {
      for (const text of ["", "\n\n  \n"]) {
        const r = await importTraces(deps, stream(text), { onDuplicate: "store", maxLineBytes: 100 });
        expect(r).toEqual({
          received_count: 0,
          created_count: 0,
          skipped_count: 0,
          rejected_count: 0,
          rejected: [],
          rejected_truncated: false,
        });
      }
    });

    it(`reports at most ${REJECTED_REPORT_MAX} rejected lines but counts them all`, async () => {
      const text = `${Array.from({ length: REJECTED_REPORT_MAX + 5 }, () => "{bad").join("\n")}\n${JSON.stringify(trace(1))}`;
      const r = await importTraces(deps, stream(text, 4096), { onDuplicate: "store", maxLineBytes: 1000 });
      expect(r.rejected_count).toBe(REJECTED_REPORT_MAX + 5);
      expect(r.rejected.length).toBe(REJECTED_REPORT_MAX);
      expect(r.rejected_truncated).toBe(true);
      expect(r.created_count).toBe(1);
    });

    it("a deeply nested meta on one line never costs the other lines", async () => {
      // BUG: canonicalJson / JSON.stringify recurse once per nesting level; a few thousand levels
      // overflow the stack, the RangeError escapes importTraces and the whole upload fails (HTTP 500).
      const depth = 20_000;
      const deep = `{"trace_version":"1.0","prompt":"deep","final_answer":"a","steps":[{"i":0,"type":"t","content":"c"}],"meta":{"x":${"[".repeat(depth)}${"]".repeat(depth)}}}`;
      const text = ndjson(trace(1), deep, trace(2));
      const r = await importTraces(deps, stream(text, 65536), {
        onDuplicate: "store",
        maxLineBytes: 1 << 20,
      });
      expect(r.received_count).toBe(3);
      expect(r.created_count + r.rejected_count).toBe(3); // the deep line stored or rejected, not fatal
      expect(await prompts()).toEqual(expect.arrayContaining(["prompt 1", "prompt 2"]));
    });

    it("a line with an unpaired surrogate (which JSONB cannot hold) never costs the other lines", async () => {
      // BUG: "\ud800" passes validation (Python len() counts it as one character) but Postgres
      // rejects the JSONB literal, so the whole batch INSERT fails and importTraces throws.
      const text = ndjson(
        trace(1),
        '{"trace_version":"1.0","prompt":"bad \\ud800","final_answer":"a","steps":[{"i":0,"type":"t","content":"c"}]}',
        trace(2),
      );
      const r = await importTraces(deps, stream(text), { onDuplicate: "store", maxLineBytes: 10_000 });
      expect(r.received_count).toBe(3);
      expect(r.created_count + r.rejected_count).toBe(3);
      expect(await prompts()).toEqual(expect.arrayContaining(["prompt 1", "prompt 2"]));
    });
  });

  describe.skipIf(skip)("insertTraceRecords", () => {
    it("returns the ids it inserted and stores the derived columns", async () => {
      const recs = [toTraceRecord(trace(1) as never), toTraceRecord(trace(2, { meta: null }) as never)];
      const ids = await insertTraceRecords(deps, recs);
      expect([...ids].sort()).toEqual(recs.map((r) => r.id).sort());
      const rows = await queryRows<{
        id: string;
        source: string | null;
        step_count: number;
        content_hash: string;
        trace_version: string;
      }>(deps.db, sql`SELECT id, source, step_count, content_hash, trace_version FROM traces ORDER BY id`);
      expect(rows).toEqual(
        recs.map((r) => ({
          id: r.id,
          source: r.source,
          step_count: r.stepCount,
          content_hash: r.contentHash,
          trace_version: "1.0",
        })),
      );
      expect(rows.map((r) => r.source)).toEqual(["import-test", null]);
    });

    it("an empty list is a no-op", async () => {
      expect((await insertTraceRecords(deps, [])).size).toBe(0);
    });

    it("skipDuplicates leaves out repeats within the list and content already stored", async () => {
      const a = toTraceRecord(trace(1) as never);
      const a2 = toTraceRecord(trace(1) as never);
      const b = toTraceRecord(trace(2) as never);
      expect(a2.contentHash).toBe(a.contentHash);
      const first = await insertTraceRecords(deps, [a, a2, b], { skipDuplicates: true });
      expect([...first].sort()).toEqual([a.id, b.id].sort());
      const again = await insertTraceRecords(
        deps,
        [toTraceRecord(trace(2) as never), toTraceRecord(trace(3) as never)],
        {
          skipDuplicates: true,
        },
      );
      expect(again.size).toBe(1);
      expect(await count()).toBe(3);
    });

    it("source is only taken from a string meta.source", async () => {
      const recs = [
        toTraceRecord(trace(1, { meta: { source: 42 } }) as never),
        toTraceRecord(trace(2, { meta: { source: ["a"] } }) as never),
      ];
      expect(recs.map((r) => r.source)).toEqual([null, null]);
      await insertTraceRecords(deps, recs);
      expect(await count()).toBe(2);
    });
  });
});
