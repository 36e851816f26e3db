import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, sampleTrace } from "../testing.js";

// The same journeys on embedded PGlite and, when the suite has one, a real Postgres server.
const backends = hasTestPostgres() ? ["pglite", "postgres"] : ["pglite"];

describe.each(backends)("on %s", (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ postgres: backend === "postgres" });
  });
  afterAll(() => t.close());

  const create = async (over: Record<string, unknown>) =>
    (await t.json("POST", "/api/traces", sampleTrace(over))).body.id as string;

  describe("GET /api/traces", () => {
    it("pages through every trace exactly once, newest first", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push(await create({ prompt: `page ${i}`, meta: { source: "paging" } }));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.json(
          "GET",
          `/api/traces?source=paging&limit=3${cursor ? `&cursor=${cursor}` : ""}`,
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((s: { id: string }) => s.id));
        cursor = res.body.pagination.next_cursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
    });

    it("keeps the seed's offset paging working", async () => {
      const page = await t.json("GET", "/api/traces?source=paging&limit=3&offset=3");
      expect(page.body.pagination).toMatchObject({ limit: 3, offset: 3, next_offset: 6 });
      expect(page.body.data.map((s: { prompt_preview: string }) => s.prompt_preview)).toEqual([
        "page 3",
        "page 2",
        "page 1",
      ]);
      const last = await t.json("GET", "/api/traces?source=paging&limit=3&offset=6");
      expect(last.body.pagination.next_offset).toBeNull();
      expect(
        (await t.json("GET", `/api/traces?offset=1&cursor=${page.body.pagination.next_cursor}`)).status,
      ).toBe(422);
    });

    it("returns summaries, not payloads", async () => {
      await create({
        prompt: "summary please",
        steps: [
          { i: 0, type: "a", content: "b" },
          { i: 1, type: "a", content: "c" },
        ],
        meta: { source: "sum" },
      });
      const res = await t.json("GET", "/api/traces?source=sum");
      expect(res.body.data[0]).toEqual({
        id: expect.any(String),
        created_at: expect.any(String),
        trace_version: "1.0",
        prompt_preview: "summary please",
        step_count: 2,
        source: "sum",
        latest_score: null,
        answer_preview: "4",
        scores: { baseline: null, answer_match: null },
      });
    });

    it("filters by text, version, time and latest score", async () => {
      const a = await create({ prompt: "needle 100% here", trace_version: "2.0", meta: { source: "f" } });
      const b = await create({ prompt: "plain", final_answer: "needle_answer", meta: { source: "f" } });
      const q = await t.json("GET", "/api/traces?source=f&q=NEEDLE");
      expect(q.body.data.map((s: { id: string }) => s.id).sort()).toEqual([a, b].sort());
      expect(
        (await t.json("GET", "/api/traces?source=f&q=100%25")).body.data.map((s: { id: string }) => s.id),
      ).toEqual([a]);
      expect(
        (await t.json("GET", "/api/traces?source=f&q=e_a")).body.data.map((s: { id: string }) => s.id),
      ).toEqual([b]);
      expect(
        (await t.json("GET", "/api/traces?source=f&trace_version=2.0")).body.data.map(
          (s: { id: string }) => s.id,
        ),
      ).toEqual([a]);
      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await t.json("GET", `/api/traces?source=f&created_after=${future}`)).body.data).toEqual([]);
      expect((await t.json("GET", `/api/traces?source=f&created_before=${future}`)).body.data).toHaveLength(
        2,
      );
      await t.json("POST", `/api/traces/${a}/score`, { criteria: "baseline" });
      const scored = await t.json("GET", "/api/traces?source=f&min_score=1");
      expect(scored.body.data.map((s: { id: string }) => s.id)).toEqual([a]);
      expect(scored.body.data[0].latest_score).toBeGreaterThan(0);
      expect((await t.json("GET", "/api/traces?source=f&max_score=0")).body.data).toEqual([]);
    });

    it("answers 422 naming each bad query parameter", async () => {
      const res = await t.json("GET", "/api/traces?limit=0&created_after=yesterday&cursor=nope");
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        "query/created_after",
        "query/limit",
      ]);
      const badCursor = await t.json("GET", "/api/traces?cursor=nope");
      expect(badCursor.status).toBe(422);
      expect(badCursor.body.errors[0].field).toBe("query/cursor");
      expect((await t.json("GET", "/api/traces?limit=101")).status).toBe(422);
    });
  });

  describe("GET and DELETE /api/traces/{id}", () => {
    it("answers 404 for a missing trace and 422 for a malformed id", async () => {
      const missing = await t.json("GET", "/api/traces/01890000-0000-7000-8000-000000000000");
      expect(missing.status).toBe(404);
      expect(missing.body.detail).toBe("Trace 01890000-0000-7000-8000-000000000000 not found");
      expect((await t.json("GET", "/api/traces/not-a-uuid")).status).toBe(422);
    });

    it("deletes a trace with its scores", async () => {
      const id = await create({ prompt: "to delete" });
      await t.json("POST", `/api/traces/${id}/score`, {});
      expect((await t.json("DELETE", `/api/traces/${id}`)).status).toBe(204);
      expect((await t.json("GET", `/api/traces/${id}`)).status).toBe(404);
      expect((await t.json("GET", `/api/traces/${id}/scores`)).status).toBe(404);
      expect((await t.json("DELETE", `/api/traces/${id}`)).status).toBe(404);
    });
  });
});
