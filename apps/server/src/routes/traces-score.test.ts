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

  const UNGAR = sampleTrace({
    prompt: "High Card Duel: You have 1 hidden card. Action: reveal.",
    final_answer: "reveal",
    steps: [
      { i: 0, type: "legal_moves", content: "Legal moves: [reveal]" },
      { i: 1, type: "observation", content: "My hand: AS" },
      { i: 2, type: "unseen", content: "Unseen cards: 51" },
      { i: 3, type: "decision", content: "Action chosen: reveal" },
    ],
    meta: { source: "ungar" },
  });

  describe("POST /api/traces/{id}/score", () => {
    it("scores with the seed's baseline formula and persists the score", async () => {
      const { id } = (await t.json("POST", "/api/traces", UNGAR)).body;
      const res = await t.json("POST", `/api/traces/${id}/score`, { criteria: "baseline" });
      expect(res.status).toBe(201);
      expect(res.body.score).toBe(21.73);
      expect(res.body.details).toMatchObject({
        step_count: 4,
        avg_step_length: 17.25,
        step_score: 20,
        length_score: 1.73,
        criteria: "baseline",
      });
      const scores = await t.json("GET", `/api/traces/${id}/scores`);
      expect(scores.body.data).toHaveLength(1);
      expect(scores.body.data[0]).toMatchObject({ trace_id: id, criteria: "baseline", score: 21.73 });
    });

    it("defaults to baseline for an empty body or {}", async () => {
      const { id } = (await t.json("POST", "/api/traces", UNGAR)).body;
      expect((await t.json("POST", `/api/traces/${id}/score`, {})).body.score).toBe(21.73);
      const empty = await t.app.request(`/api/traces/${id}/score`, { method: "POST" });
      expect(empty.status).toBe(201);
    });

    it("checks final_answer against meta.expected_answer with answer_match", async () => {
      const right = (
        await t.json(
          "POST",
          "/api/traces",
          sampleTrace({ final_answer: "1,000.0", meta: { expected_answer: "1000" } }),
        )
      ).body.id;
      const wrong = (
        await t.json("POST", "/api/traces", sampleTrace({ final_answer: "7", meta: { expected_answer: 8 } }))
      ).body.id;
      const r = await t.json("POST", `/api/traces/${right}/score`, { criteria: "answer_match" });
      expect(r.body).toMatchObject({ score: 100, details: { match: true, method: "numeric" } });
      const w = await t.json("POST", `/api/traces/${wrong}/score`, { criteria: "answer_match" });
      expect(w.body).toMatchObject({ score: 0, details: { match: false, expected: "8" } });
    });

    it("answers 422 when answer_match has nothing to compare with, and for unknown criteria", async () => {
      const { id } = (await t.json("POST", "/api/traces", sampleTrace({ meta: null }))).body;
      const res = await t.json("POST", `/api/traces/${id}/score`, { criteria: "answer_match" });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe("meta/expected_answer");
      const unknown = await t.json("POST", `/api/traces/${id}/score`, { criteria: "vibes" });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].field).toBe("criteria");
      expect((await t.json("GET", `/api/traces/${id}/scores`)).body.data).toEqual([]);
    });

    it("answers 404 for a missing trace", async () => {
      const res = await t.json("POST", "/api/traces/01890000-0000-7000-8000-000000000000/score", {});
      expect(res.status).toBe(404);
    });
  });

  describe("GET /api/traces/compare", () => {
    it("returns both traces with baseline scores, a step alignment and an answer diff", async () => {
      const base = (await t.json("POST", "/api/traces", UNGAR)).body.id;
      const other = (
        await t.json("POST", "/api/traces", {
          ...UNGAR,
          final_answer: "fold",
          steps: [
            UNGAR.steps[0],
            UNGAR.steps[1],
            { i: 10, type: "think", content: "Opponent likely holds a lower card" },
            UNGAR.steps[2],
            { i: 4, type: "decision", content: "Action chosen: fold" },
          ],
        })
      ).body.id;
      const res = await t.json("GET", `/api/traces/compare?base=${base}&other=${other}`);
      expect(res.status).toBe(200);
      expect(res.body.base.score).toBe(21.73);
      expect(res.body.other.payload.final_answer).toBe("fold");
      expect(res.body.alignment.pairs.map((p: { kind: string }) => p.kind)).toEqual([
        "same",
        "same",
        "only_other",
        "same",
        "changed",
      ]);
      expect(res.body.alignment.first_divergence).toBe(2);
      expect(res.body.final_answer_diff).toEqual({
        equal: false,
        parts: [
          { op: "delete", text: "reveal" },
          { op: "insert", text: "fold" },
        ],
      });
      expect(res.body.score_delta).toBeCloseTo(res.body.other.score - res.body.base.score, 2);
    });

    it("answers 404 naming which trace is missing, and 422 for missing or malformed ids", async () => {
      const base = (await t.json("POST", "/api/traces", UNGAR)).body.id;
      const missing = "01890000-0000-7000-8000-000000000000";
      const res = await t.json("GET", `/api/traces/compare?base=${base}&other=${missing}`);
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe(`Other trace ${missing} not found`);
      const noOther = await t.json("GET", `/api/traces/compare?base=${base}`);
      expect(noOther.status).toBe(422);
      expect(noOther.body.errors[0].field).toBe("query/other");
      expect((await t.json("GET", `/api/traces/compare?base=x&other=${base}`)).status).toBe(422);
    });
  });
});
