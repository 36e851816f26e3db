import type { ReasoningTrace } from "@tunix-rt/contracts";
import { type DbHandle, queryRows, sql } from "@tunix-rt/db";
import { createTestDb, hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceDeps } from "../deps.js";
import { newId } from "../ids.js";
import { compareTraces } from "./compare-traces.js";
import { createTrace } from "./create-trace.js";
import { deleteTrace } from "./delete-trace.js";
import { getTrace } from "./get-trace.js";
import { listTraceScores, scoreTrace } from "./score-trace.js";

const UNGAR: ReasoningTrace = {
  trace_version: "1.0",
  prompt: "High Card Duel: You have 1 hidden card. Action: reveal.",
  final_answer: "reveal",
  steps: [
    { i: 0, type: "legal_moves", content: "Legal moves: [reveal]" },
    { i: 1, type: "observation", content: "My hand: AS" },
    { i: 2, type: "unseen", content: "Unseen cards: 51" },
    { i: 3, type: "decision", content: "Action chosen: reveal" },
  ],
  meta: { source: "ungar", game: "high_card_duel", result: "win", seed: 42 },
};
const EXAMPLE: ReasoningTrace = {
  trace_version: "1.0",
  prompt: "Convert 68°F to Celsius",
  final_answer: "20°C",
  steps: [
    { i: 0, type: "parse", content: "Parse the temperature conversion task: 68°F to °C" },
    { i: 1, type: "formula", content: "Use the formula: °C = (°F - 32) × 5/9" },
    { i: 2, type: "compute", content: "Calculate: (68 - 32) = 36" },
    { i: 3, type: "compute", content: "Calculate: 36 × 5/9 = 20" },
    { i: 4, type: "result", content: "Final answer: 20°C" },
  ],
  meta: { source: "example", tags: ["temperature", "conversion", "fahrenheit", "celsius"] },
};

describe.each(["pglite", "postgres"] as const)("score, compare and delete on %s", (kind) => {
  const skip = kind === "postgres" && !hasTestPostgres();
  let handle: DbHandle;
  let deps: ServiceDeps;
  const scoreRows = async (traceId: string) =>
    Number(
      (
        await queryRows<{ n: string | number }>(
          deps.db,
          sql`SELECT count(*) AS n FROM scores WHERE trace_id = ${traceId}`,
        )
      )[0]!.n,
    );

  beforeAll(async () => {
    if (skip) return;
    handle = await createTestDb({ postgres: kind === "postgres" });
    deps = { db: handle.db };
  });
  afterAll(async () => {
    await handle?.close();
  });

  describe.skipIf(skip)("scoreTrace", () => {
    it("baseline: the seed's worked examples, persisted and listed newest first", async () => {
      const u = await createTrace(deps, UNGAR);
      const e = await createTrace(deps, EXAMPLE);
      const su = await scoreTrace(deps, u.id, "baseline");
      expect(su).toMatchObject({
        trace_id: u.id,
        score: 21.73,
        details: {
          step_count: 4,
          avg_step_length: 17.25,
          total_chars: 69,
          step_score: 20,
          length_score: 1.73,
          criteria: "baseline",
        },
      });
      expect(Date.parse(su.details.scored_at as string)).not.toBeNaN();
      expect((await scoreTrace(deps, e.id, "baseline")).score).toBe(28.06);

      await scoreTrace(deps, u.id, "baseline");
      const listed = await listTraceScores(deps, u.id);
      expect(listed.data).toHaveLength(2);
      expect(listed.data.map((s) => s.score)).toEqual([21.73, 21.73]);
      expect(listed.data[0]!.id > listed.data[1]!.id).toBe(true); // newest first
      expect(listed.data[0]).toMatchObject({
        trace_id: u.id,
        criteria: "baseline",
        details: { criteria: "baseline", step_count: 4 },
      });
      expect(Date.parse(listed.data[0]!.created_at)).not.toBeNaN();
    });

    it("baseline counts code points of stored astral text after the JSONB round trip", async () => {
      const t = await createTrace(deps, {
        ...UNGAR,
        steps: [{ i: 0, type: "t", content: "😀".repeat(500) }],
      });
      const r = await scoreTrace(deps, t.id, "baseline");
      expect(r.details).toMatchObject({
        total_chars: 500,
        avg_step_length: 500,
        length_score: 50,
        step_score: 5,
      });
      expect(r.score).toBe(55);
    });

    it("answer_match with meta.expected_answer scores 100 or 0 and persists", async () => {
      const good = await createTrace(deps, {
        ...EXAMPLE,
        final_answer: "1,000",
        meta: { expected_answer: "1000" },
      });
      const bad = await createTrace(deps, {
        ...EXAMPLE,
        final_answer: "999",
        meta: { expected_answer: 1000 },
      });
      expect(await scoreTrace(deps, good.id, "answer_match")).toMatchObject({
        score: 100,
        details: { match: true, method: "numeric" },
      });
      expect(await scoreTrace(deps, bad.id, "answer_match")).toMatchObject({
        score: 0,
        details: { match: false, expected: "1000" },
      });
      expect((await listTraceScores(deps, good.id)).data.map((s) => [s.criteria, s.score])).toEqual([
        ["answer_match", 100],
      ]);
    });

    it("answer_match without meta.expected_answer is a validation error and stores nothing", async () => {
      const t = await createTrace(deps, EXAMPLE);
      await expect(scoreTrace(deps, t.id, "answer_match")).rejects.toMatchObject({
        code: "validation",
        details: { errors: [{ field: "meta/expected_answer", message: expect.any(String) }] },
      });
      expect(await scoreRows(t.id)).toBe(0);
    });

    it("a missing trace is not_found; a malformed id is a validation error", async () => {
      const missing = newId();
      await expect(scoreTrace(deps, missing, "baseline")).rejects.toMatchObject({
        code: "not_found",
        message: `Trace ${missing} not found`,
      });
      await expect(scoreTrace(deps, "not-a-uuid", "baseline")).rejects.toMatchObject({ code: "validation" });
      await expect(listTraceScores(deps, missing)).rejects.toMatchObject({ code: "not_found" });
      await expect(listTraceScores(deps, "nope")).rejects.toMatchObject({ code: "validation" });
    });
  });

  describe.skipIf(skip)("compareTraces", () => {
    it("returns both traces with baseline scores (not persisted), the alignment and the answer diff", async () => {
      const base = await createTrace(deps, EXAMPLE);
      const otherTrace: ReasoningTrace = {
        ...EXAMPLE,
        final_answer: "20 °C",
        steps: [
          EXAMPLE.steps[0]!,
          EXAMPLE.steps[1]!,
          { i: 2, type: "compute", content: "Calculate: (68 - 32) = 35" },
          { i: 10, type: "check", content: "Double-check the subtraction" },
          EXAMPLE.steps[3]!,
          EXAMPLE.steps[4]!,
        ],
      };
      const other = await createTrace(deps, otherTrace);
      const r = await compareTraces(deps, base.id, other.id);
      expect(r.base).toMatchObject({ id: base.id, score: 28.06, trace_version: "1.0", payload: EXAMPLE });
      expect(r.other).toMatchObject({ id: other.id, payload: otherTrace });
      expect(r.other.score).toBe(33.02); // 6 steps, 181 characters
      expect(r.score_delta).toBe(4.96);
      expect(r.alignment).toEqual({
        pairs: [
          { kind: "same", base_index: 0, other_index: 0 },
          { kind: "same", base_index: 1, other_index: 1 },
          { kind: "changed", base_index: 2, other_index: 2 },
          { kind: "only_other", base_index: null, other_index: 3 },
          { kind: "same", base_index: 3, other_index: 4 },
          { kind: "same", base_index: 4, other_index: 5 },
        ],
        first_divergence: 2,
      });
      expect(r.final_answer_diff.equal).toBe(false);
      const parts = r.final_answer_diff.parts;
      expect(
        parts
          .filter((p) => p.op !== "insert")
          .map((p) => p.text)
          .join(""),
      ).toBe("20°C");
      expect(
        parts
          .filter((p) => p.op !== "delete")
          .map((p) => p.text)
          .join(""),
      ).toBe("20 °C");
      expect(await scoreRows(base.id)).toBe(0);
      expect(await scoreRows(other.id)).toBe(0);
    });

    it("a trace compared with itself: all same, equal answers, delta 0", async () => {
      const t = await createTrace(deps, UNGAR);
      const r = await compareTraces(deps, t.id, t.id);
      expect(r.alignment.first_divergence).toBeNull();
      expect(r.final_answer_diff).toEqual({ equal: true, parts: [{ op: "equal", text: "reveal" }] });
      expect(r.score_delta).toBe(0);
    });

    it("names which side is missing or malformed", async () => {
      const t = await createTrace(deps, UNGAR);
      const missing = newId();
      await expect(compareTraces(deps, missing, t.id)).rejects.toMatchObject({
        code: "not_found",
        message: `Base trace ${missing} not found`,
      });
      await expect(compareTraces(deps, t.id, missing)).rejects.toMatchObject({
        code: "not_found",
        message: `Other trace ${missing} not found`,
      });
      await expect(compareTraces(deps, "x", "y")).rejects.toMatchObject({
        code: "validation",
        details: { errors: [{ field: "query/base" }, { field: "query/other" }] },
      });
    });
  });

  describe.skipIf(skip)("deleteTrace", () => {
    it("deletes the trace and cascades to its scores", async () => {
      const t = await createTrace(deps, UNGAR);
      const keep = await createTrace(deps, UNGAR);
      await scoreTrace(deps, t.id, "baseline");
      await scoreTrace(deps, t.id, "baseline");
      await scoreTrace(deps, keep.id, "baseline");
      expect(await scoreRows(t.id)).toBe(2);
      await deleteTrace(deps, t.id);
      expect(await scoreRows(t.id)).toBe(0);
      await expect(getTrace(deps, t.id)).rejects.toMatchObject({ code: "not_found" });
      expect(await scoreRows(keep.id)).toBe(1);
      expect((await getTrace(deps, keep.id)).payload).toEqual(UNGAR);
    });

    it("deleting twice is not_found; a malformed id is a validation error", async () => {
      const t = await createTrace(deps, UNGAR);
      await deleteTrace(deps, t.id);
      await expect(deleteTrace(deps, t.id)).rejects.toMatchObject({
        code: "not_found",
        message: `Trace ${t.id} not found`,
      });
      await expect(deleteTrace(deps, "'; DROP TABLE traces; --")).rejects.toMatchObject({
        code: "validation",
      });
    });
  });

  describe.skipIf(skip)("createTrace / getTrace round trip", () => {
    it("stores the validated payload, meta null when absent, unknown keys stripped", async () => {
      const { meta: _m, ...noMeta } = UNGAR;
      const r = await createTrace(deps, {
        ...noMeta,
        extra: 1,
        steps: UNGAR.steps.map((s) => ({ ...s, junk: true })),
      });
      expect(r).toEqual({ id: expect.any(String), created_at: expect.any(String), trace_version: "1.0" });
      const got = await getTrace(deps, r.id);
      expect(got).toEqual({
        id: r.id,
        created_at: r.created_at,
        trace_version: "1.0",
        payload: { ...noMeta, meta: null },
      });
    });

    it("keeps astral text, unsorted step indices and nested meta exactly", async () => {
      const t: ReasoningTrace = {
        trace_version: "😀v",
        prompt: "𝔘nicode ✓ 中文",
        final_answer: "é",
        steps: [
          { i: 9, type: "b", content: "second" },
          { i: 2, type: "a", content: "first" },
        ],
        meta: { nested: { list: [1, 2.5, null, "x", { deep: true }] }, "key with spaces": "v" },
      };
      const r = await createTrace(deps, t);
      expect((await getTrace(deps, r.id)).payload).toEqual(t);
    });

    it("an invalid body is a validation error with one entry per field", async () => {
      await expect(createTrace(deps, { ...UNGAR, prompt: "", steps: [] })).rejects.toMatchObject({
        code: "validation",
        details: { errors: [{ field: "prompt" }, { field: "steps" }] },
      });
    });
  });
});
