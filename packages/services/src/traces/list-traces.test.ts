import {
  ListTracesQuery,
  type ListTracesQueryInput,
  type ReasoningTrace,
  type TraceSummary,
} from "@tunix-rt/contracts";
import { type DbHandle, sql } from "@tunix-rt/db";
import { createTestDb, hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../app-error.js";
import type { ServiceDeps } from "../deps.js";
import { newId } from "../ids.js";
import { insertTraceRecords } from "./insert-traces.js";
import { listTraces } from "./list-traces.js";
import { scoreTrace } from "./score-trace.js";
import { type TraceRecord, toTraceRecord } from "./trace-record.js";

const T0 = Date.parse("2025-01-01T00:00:00.000Z");
const HOUR = 3_600_000;
const N = 25;

/** Trace k: source alpha/beta/none by k % 3, version 1.0 below 10 else 2.0, created k hours after T0. */
function traceFor(k: number): ReasoningTrace {
  const special: Record<number, Partial<ReasoningTrace>> = {
    3: { prompt: "100% sure" },
    4: { prompt: "100 percent sure" },
    5: { prompt: "snake_case" },
    6: { prompt: "snakeXcase" },
    7: { final_answer: "a back\\slash answer" },
    8: { prompt: "An UPPER Case Needle" },
    9: { prompt: "😀".repeat(200) },
  };
  const source = k % 3 === 0 ? "alpha" : k % 3 === 1 ? "beta" : undefined;
  return {
    trace_version: k < 10 ? "1.0" : "2.0",
    prompt: `Trace number ${k}`,
    final_answer: `answer ${k}`,
    // k + 1 steps, so baseline scores differ: one step of "x" scores 5.1, two 10.1, ...
    steps: Array.from({ length: Math.min(k + 1, 10) }, (_, i) => ({ i, type: "t", content: "x" })),
    ...(source ? { meta: { source } } : {}),
    ...special[k],
  };
}

describe.each(["pglite", "postgres"] as const)("listTraces on %s", (kind) => {
  const skip = kind === "postgres" && !hasTestPostgres();
  let handle: DbHandle;
  let deps: ServiceDeps;
  let recs: TraceRecord[];
  const list = (q: ListTracesQueryInput = {}) => listTraces(deps, ListTracesQuery.parse(q));
  const ks = (page: { data: TraceSummary[] }) => page.data.map((s) => recs.findIndex((r) => r.id === s.id));
  const newestFirst = (pred: (k: number) => boolean) =>
    Array.from({ length: N }, (_, k) => N - 1 - k).filter(pred);

  beforeAll(async () => {
    if (skip) return;
    handle = await createTestDb({ postgres: kind === "postgres" });
    deps = { db: handle.db };
    // One record at a time so ids (UUIDv7, time-ordered) follow k.
    recs = Array.from({ length: N }, (_, k) => toTraceRecord(traceFor(k), new Date(T0 + k * HOUR)));
    await insertTraceRecords(deps, recs.slice(0, 12));
    await insertTraceRecords(deps, recs.slice(12));
  });
  afterAll(async () => {
    await handle?.close();
  });

  describe.skipIf(skip)("summaries and paging", () => {
    it("lists newest first with summaries, not payloads", async () => {
      const page = await list({ limit: 3 });
      expect(ks(page)).toEqual([24, 23, 22]);
      expect(page.data[0]).toEqual({
        id: recs[24]!.id,
        created_at: new Date(T0 + 24 * HOUR).toISOString(),
        trace_version: "2.0",
        prompt_preview: "Trace number 24",
        step_count: 10,
        source: "alpha",
        latest_score: null,
        answer_preview: "answer 24",
        scores: { baseline: null, answer_match: null },
      });
      expect(page.data[1]!.source).toBeNull(); // 23: no meta
      expect(page.data[2]!.source).toBe("beta"); // 22
      expect(page.pagination).toEqual({ limit: 3, next_cursor: expect.any(String) });
    });

    it("the prompt preview is the first 160 characters (code points, not UTF-16 units)", async () => {
      const page = await list({ q: "😀" });
      expect(ks(page)).toEqual([9]);
      expect(page.data[0]!.prompt_preview).toBe("😀".repeat(160));
    });

    it.each([1, 4, 5, 7, 25, 100])(
      "cursor paging with limit %i visits every trace exactly once, in order",
      async (limit) => {
        const seen: number[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await list({ limit, cursor });
          expect(page.data.length).toBeLessThanOrEqual(limit);
          seen.push(...ks(page));
          cursor = page.pagination.next_cursor ?? undefined;
          if (cursor) expect(page.data.length).toBe(limit);
          pages++;
        } while (cursor && pages < 100);
        expect(seen).toEqual(newestFirst(() => true));
        expect(pages).toBe(Math.max(1, Math.ceil(N / limit)));
      },
    );

    it("cursor paging combined with a filter visits exactly the matching traces", async () => {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ limit: 2, source: "alpha", cursor });
        seen.push(...ks(page));
        cursor = page.pagination.next_cursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(newestFirst((k) => k % 3 === 0));
    });

    it("the last page has no next_cursor, also when it is exactly full", async () => {
      const first = await list({ limit: 20 });
      const second = await list({ limit: 5, cursor: first.pagination.next_cursor! });
      expect(ks(second)).toEqual([4, 3, 2, 1, 0]);
      expect(second.pagination.next_cursor).toBeNull();
    });

    it("rejects a cursor it did not issue", async () => {
      for (const cursor of ["nope", "%%%", Buffer.from("not-a-uuid").toString("base64url")]) {
        await expect(list({ cursor })).rejects.toMatchObject({ code: "validation" });
        await expect(list({ cursor })).rejects.toBeInstanceOf(AppError);
      }
    });
  });

  describe.skipIf(skip)("filters", () => {
    it("source and trace_version (exact match)", async () => {
      expect(ks(await list({ limit: 100, source: "beta" }))).toEqual(newestFirst((k) => k % 3 === 1));
      expect(ks(await list({ limit: 100, source: "Beta" }))).toEqual([]);
      expect(ks(await list({ limit: 100, trace_version: "1.0" }))).toEqual(newestFirst((k) => k < 10));
      expect(ks(await list({ limit: 100, trace_version: "2.0", source: "alpha" }))).toEqual(
        newestFirst((k) => k >= 10 && k % 3 === 0),
      );
    });

    it("q matches prompt or final answer, case-insensitively", async () => {
      expect(ks(await list({ q: "upper case needle" }))).toEqual([8]);
      expect(ks(await list({ q: "ANSWER 1" }))).toEqual(
        newestFirst((k) => k !== 7 && `answer ${k}`.startsWith("answer 1")),
      );
      expect(ks(await list({ q: "nothing like this" }))).toEqual([]);
    });

    it("q treats % and _ (and \\) as literal characters", async () => {
      expect(ks(await list({ q: "%" }))).toEqual([3]);
      expect(ks(await list({ q: "100%" }))).toEqual([3]);
      expect(ks(await list({ q: "_" }))).toEqual([5]);
      expect(ks(await list({ q: "e_c" }))).toEqual([5]);
      expect(ks(await list({ q: "\\" }))).toEqual([7]);
      expect(ks(await list({ q: "back\\slash" }))).toEqual([7]);
    });

    it("created_after / created_before are exclusive bounds and combine", async () => {
      const at = (k: number) => new Date(T0 + k * HOUR).toISOString();
      expect(ks(await list({ limit: 100, created_after: at(20) }))).toEqual([24, 23, 22, 21]);
      expect(ks(await list({ limit: 100, created_before: at(3) }))).toEqual([2, 1, 0]);
      expect(ks(await list({ limit: 100, created_after: at(5), created_before: at(9) }))).toEqual([8, 7, 6]);
      expect(ks(await list({ limit: 100, created_after: at(9), created_before: at(5) }))).toEqual([]);
      // Other ISO forms of the same instant.
      expect(ks(await list({ limit: 100, created_after: "2025-01-01T21:00:00+01:00" }))).toEqual([
        24, 23, 22, 21,
      ]);
    });
  });

  describe.skipIf(skip)("scores in the list", () => {
    beforeAll(async () => {
      if (skip) return;
      // Trace 0 gets an old score of 99, then a baseline score (newer): the latest one counts.
      await deps.db.execute(
        sql`INSERT INTO scores (id, trace_id, criteria, score, details) VALUES (${newId()}, ${recs[0]!.id}, 'baseline', 99, NULL)`,
      );
      for (const k of [0, 1, 2, 9, 24]) await scoreTrace(deps, recs[k]!.id, "baseline");
    });

    it("latest_score is the newest baseline score; unscored traces have null", async () => {
      const byK = new Map(
        (await list({ limit: 100 })).data.map((s) => [recs.findIndex((r) => r.id === s.id), s.latest_score]),
      );
      expect(byK.get(0)).toBe(5.1);
      expect(byK.get(1)).toBe(10.1);
      expect(byK.get(2)).toBe(15.1);
      expect(byK.get(9)).toBe(50.1);
      expect(byK.get(24)).toBe(50.1);
      expect(byK.get(3)).toBeNull();
    });

    it("min_score / max_score filter on the latest score, inclusive, and exclude unscored traces", async () => {
      expect(ks(await list({ limit: 100, min_score: 10.1 }))).toEqual([24, 9, 2, 1]);
      expect(ks(await list({ limit: 100, max_score: 10.1 }))).toEqual([1, 0]); // 0's older 99 is ignored
      expect(ks(await list({ limit: 100, min_score: 90 }))).toEqual([]);
      expect(ks(await list({ limit: 100, min_score: 10, max_score: 20 }))).toEqual([2, 1]);
      expect(ks(await list({ limit: 100, min_score: "15.1", source: "alpha" }))).toEqual([24, 9]);
    });

    it("score_criteria selects whose latest score is shown and filtered", async () => {
      const page = await list({ limit: 100, score_criteria: "answer_match" });
      expect(page.data.every((s) => s.latest_score === null)).toBe(true);
      expect(ks(await list({ limit: 100, score_criteria: "answer_match", min_score: 0 }))).toEqual([]);
    });

    it("an empty min_score/max_score (as an HTML form sends it) is no filter", async () => {
      // BUG: z.coerce.number() turns "" into 0, so `?min_score=` silently becomes min_score=0
      // and hides every unscored trace instead of applying no filter.
      expect(ks(await list({ limit: 100, min_score: "" }))).toEqual(newestFirst(() => true));
      expect(ks(await list({ limit: 100, max_score: "" }))).toEqual(newestFirst(() => true));
    });
  });
});
