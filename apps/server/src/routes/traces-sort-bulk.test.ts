import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, sampleTrace } from "../testing.js";

const backends = hasTestPostgres() ? ["pglite", "postgres"] : ["pglite"];

interface Row {
  id: string;
  step_count: number;
  source: string | null;
  latest_score: number | null;
  answer_preview: string;
  scores: { baseline: number | null; answer_match: number | null };
}

describe.each(backends)("trace list sorting and bulk actions on %s", (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({ postgres: backend === "postgres" });
    // Ties on purpose (equal step counts, equal and missing sources, unscored traces), so paging
    // must break them by id to visit each trace once.
    for (let i = 0; i < 9; i++) {
      const steps = Array.from({ length: (i % 3) + 1 }, (_, k) => ({
        i: k,
        type: "s",
        content: `step ${k} `.repeat(i + 1),
      }));
      const meta =
        i % 4 === 0 ? { expected_answer: String(i) } : i % 4 === 1 ? { source: "b" } : { source: "a" };
      const res = await t.json(
        "POST",
        "/api/traces",
        sampleTrace({ prompt: `sort ${i}`, final_answer: String(i), steps, meta }),
      );
      ids.push(res.body.id);
    }
    // Score a few: their baseline scores differ with the step text length.
    for (const id of ids.slice(0, 5))
      await t.json("POST", `/api/traces/${id}/score`, { criteria: "baseline" });
  });
  afterAll(() => t.close());

  const pageAll = async (sort: string, limit = 2) => {
    const seen: Row[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.json(
        "GET",
        `/api/traces?q=sort&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.data);
      cursor = res.body.pagination.next_cursor;
    } while (cursor);
    return seen;
  };

  it.each(["step_count", "-step_count", "score", "-score", "source", "-source", "created_at"])(
    "sort=%s visits every trace once, in order",
    async (sort) => {
      const rows = await pageAll(sort);
      expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
      const desc = sort.startsWith("-");
      const key = (r: Row) =>
        sort.includes("step")
          ? r.step_count
          : sort.includes("score")
            ? r.latest_score
            : sort.includes("source")
              ? r.source
              : null;
      const values = rows.map(key);
      const present = values.filter((v) => v !== null);
      // Missing values come last in both directions.
      expect(values.slice(0, present.length)).toEqual(present);
      const sorted = [...present].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
      expect(present).toEqual(desc ? sorted.reverse() : sorted);
      if (sort === "created_at") expect(rows.map((r) => r.id)).toEqual(ids);
    },
  );

  it("returns each criteria's latest score, the answer, and the total when asked", async () => {
    const res = await t.json("GET", "/api/traces?q=sort&include_total=true&limit=2");
    expect(res.body.pagination.total).toBe(9);
    expect((await t.json("GET", "/api/traces?q=sort&limit=2")).body.pagination.total).toBeUndefined();
    const first = (await t.json("GET", `/api/traces?q=sort&limit=100`)).body.data.find(
      (r: Row) => r.id === ids[0],
    );
    expect(first.answer_preview).toBe("0");
    expect(first.scores.baseline).toBeTypeOf("number");
    expect(first.scores.answer_match).toBeNull();
  });

  it("refuses a cursor from another sort order, naming the field", async () => {
    const res = await t.json("GET", "/api/traces?q=sort&sort=step_count&limit=2");
    const other = await t.json(
      "GET",
      `/api/traces?q=sort&sort=-score&cursor=${res.body.pagination.next_cursor}`,
    );
    expect(other.status).toBe(422);
    expect(other.body.errors[0]).toMatchObject({ field: "query/cursor" });
    expect(other.body.errors[0].message).toContain("sort=step_count");
    const bad = await t.json("GET", "/api/traces?sort=sideways");
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("query/sort");
  });

  it("bulk-scores what it can and says why it skipped the rest", async () => {
    const unknown = "01900000-0000-7000-8000-0000000000ff";
    const res = await t.json("POST", "/api/traces/bulk-score", {
      ids: [ids[0], ids[1], ids[4], unknown, ids[0]],
      criteria: "answer_match",
    });
    expect(res.status).toBe(201);
    expect(res.body.scored.map((s: { trace_id: string }) => s.trace_id).sort()).toEqual(
      [ids[0], ids[4]].sort(),
    );
    expect(res.body.scored.every((s: { score: number }) => s.score === 100)).toBe(true);
    expect(res.body.skipped).toEqual([
      { trace_id: ids[1], reason: expect.stringContaining("expected_answer") },
      { trace_id: unknown, reason: "not found" },
    ]);
    const listed = (await t.json("GET", "/api/traces?q=sort&limit=100&score_criteria=answer_match")).body
      .data;
    expect(listed.find((r: Row) => r.id === ids[4]).scores.answer_match).toBe(100);
    expect(listed.find((r: Row) => r.id === ids[4]).latest_score).toBe(100);
  });

  it("rejects malformed bulk requests whole, naming the field", async () => {
    const notUuid = await t.json("POST", "/api/traces/bulk-score", { ids: [ids[0], "nope"] });
    expect(notUuid.status).toBe(422);
    expect(notUuid.body.errors).toEqual([{ field: "ids/1", message: "must be a UUID" }]);
    const tooMany = await t.json("POST", "/api/traces/bulk-delete", { ids: Array(1001).fill(ids[0]) });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].field).toBe("ids");
    const empty = await t.json("POST", "/api/traces/bulk-delete", { ids: [] });
    expect(empty.status).toBe(422);
    const badCriteria = await t.json("POST", "/api/traces/bulk-score", { ids: [ids[0]], criteria: "vibes" });
    expect(badCriteria.status).toBe(422);
    expect(badCriteria.body.errors[0].field).toBe("criteria");
  });

  it("builds a dataset from exactly the listed traces, all of them by default", async () => {
    const chosen = [ids[2], ids[5], ids[7]];
    const res = await t.json("POST", "/api/datasets/build", {
      dataset_name: "picked",
      dataset_version: "v1",
      trace_ids: chosen,
    });
    expect(res.status).toBe(201);
    expect(res.body.trace_count).toBe(3);
    const manifest = (await t.json("GET", `/api/datasets/${res.body.dataset_key}`)).body;
    expect(manifest.request.trace_ids).toEqual(chosen);
    const missing = "01900000-0000-7000-8000-0000000000ee";
    const bad = await t.json("POST", "/api/datasets/build", {
      dataset_name: "picked",
      dataset_version: "v2",
      trace_ids: [ids[2], missing],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toContain(missing);
    expect(bad.body.errors[0].field).toBe("trace_ids");
  });

  it("bulk-deletes all or none: a trace in a dataset blocks the whole request", async () => {
    const blocked = await t.json("POST", "/api/traces/bulk-delete", { ids: [ids[8], ids[2]] });
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toContain("picked-v1");
    expect((await t.json("GET", `/api/traces/${ids[8]}`)).status).toBe(200);

    const unknown = "01900000-0000-7000-8000-0000000000dd";
    const ok = await t.json("POST", "/api/traces/bulk-delete", { ids: [ids[8], ids[6], unknown] });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ deleted_count: 2, not_found: [unknown] });
    expect((await t.json("GET", `/api/traces/${ids[8]}`)).status).toBe(404);
    expect((await t.json("GET", `/api/traces/${ids[6]}/scores`)).status).toBe(404);
  });
});
