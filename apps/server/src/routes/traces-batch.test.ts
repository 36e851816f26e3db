import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, sampleTrace } from "../testing.js";

// The same journeys on embedded PGlite and, when the suite has one, a real Postgres server.
const backends = hasTestPostgres() ? ["pglite", "postgres"] : ["pglite"];

describe.each(backends)("on %s", (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ postgres: backend === "postgres", config: { traceMaxBytes: 4096 } });
  });
  afterAll(() => t.close());

  const ndjson = (body: string, query = "") =>
    t.app.request(`/api/traces/batch${query}`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body,
    });

  describe("POST /api/traces/batch (JSON array, seed-compatible)", () => {
    it("stores every trace and answers in input order", async () => {
      const res = await t.json("POST", "/api/traces/batch", [
        sampleTrace({ prompt: "a" }),
        sampleTrace({ prompt: "b" }),
      ]);
      expect(res.status).toBe(201);
      expect(res.body.created_count).toBe(2);
      const [first, second] = res.body.traces;
      expect((await t.json("GET", `/api/traces/${first.id}`)).body.payload.prompt).toBe("a");
      expect((await t.json("GET", `/api/traces/${second.id}`)).body.payload.prompt).toBe("b");
    });

    it("rejects the whole batch when one item is invalid, naming the item's field", async () => {
      const before = (await t.json("GET", "/api/traces?limit=100")).body.data.length;
      const res = await t.json("POST", "/api/traces/batch", [
        sampleTrace({ prompt: "ok" }),
        sampleTrace({ final_answer: "" }),
      ]);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: "1/final_answer", message: expect.any(String) }]);
      expect((await t.json("GET", "/api/traces?limit=100")).body.data.length).toBe(before);
    });

    it("answers 400 for an empty array and for more than 1000 items", async () => {
      expect((await t.json("POST", "/api/traces/batch", [])).body.detail).toBe(
        "Batch must contain at least one trace",
      );
      const tooMany = await t.json(
        "POST",
        "/api/traces/batch",
        Array.from({ length: 1001 }, () => sampleTrace()),
      );
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.detail).toMatch(/^Batch size \(1001\) exceeds maximum \(1000\)/);
    });

    it("answers 400 when the body is not an array", async () => {
      const res = await t.json("POST", "/api/traces/batch", sampleTrace());
      expect(res.status).toBe(400);
    });
  });

  describe("POST /api/traces/batch (streaming NDJSON)", () => {
    it("stores valid lines and reports each invalid line with its number and reason", async () => {
      const lines = [
        JSON.stringify(sampleTrace({ prompt: "nd-1" })),
        "{broken",
        "",
        JSON.stringify(sampleTrace({ prompt: "nd-2", steps: [] })),
        JSON.stringify(sampleTrace({ prompt: "nd-3" })),
        JSON.stringify(sampleTrace({ prompt: "x".repeat(5000) })),
      ];
      const res = await ndjson(`${lines.join("\n")}\n`);
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body).toMatchObject({
        received_count: 5,
        created_count: 2,
        skipped_count: 0,
        rejected_count: 3,
        rejected_truncated: false,
      });
      expect(body.rejected.map((r: { line: number }) => r.line)).toEqual([2, 4, 6]);
      expect(body.rejected[0].errors[0].message).toMatch(/malformed JSON/);
      expect(body.rejected[1].errors[0].field).toBe("steps");
      expect(body.rejected[2].errors[0].message).toMatch(/exceeds 4096 bytes/);
      const found = await t.json("GET", "/api/traces?q=nd-");
      expect(found.body.data.map((s: { prompt_preview: string }) => s.prompt_preview).sort()).toEqual([
        "nd-1",
        "nd-3",
      ]);
    });

    it("skips content already stored with on_duplicate=skip", async () => {
      const line = JSON.stringify(sampleTrace({ prompt: "dup-me" }));
      const first = await (await ndjson(`${line}\n${line}\n`, "?on_duplicate=skip")).json();
      expect(first).toMatchObject({ created_count: 1, skipped_count: 1 });
      const again = await (await ndjson(line, "?on_duplicate=skip")).json();
      expect(again).toMatchObject({ created_count: 0, skipped_count: 1 });
      const stored = await (await ndjson(line, "?on_duplicate=store")).json();
      expect(stored).toMatchObject({ created_count: 1, skipped_count: 0 });
    });

    it("answers 422 for an unknown on_duplicate value", async () => {
      const res = await ndjson("", "?on_duplicate=maybe");
      expect(res.status).toBe(422);
      expect((await res.json()).errors[0].field).toBe("query/on_duplicate");
    });

    it("handles thousands of lines across batch boundaries", async () => {
      const body = Array.from({ length: 2500 }, (_, i) =>
        JSON.stringify(sampleTrace({ prompt: `bulk ${i}`, meta: { source: "bulk" } })),
      ).join("\n");
      const res = await (await ndjson(body)).json();
      expect(res).toMatchObject({ received_count: 2500, created_count: 2500, rejected_count: 0 });
    });
  });
});
