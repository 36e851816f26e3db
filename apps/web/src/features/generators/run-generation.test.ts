import type { GenerateTracesResponse, GeneratorName } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { CHUNK_MAX, CHUNK_MIN, chunkPlan, type GenerationRequest, runGeneration } from "./run-generation";

describe("chunkPlan", () => {
  it("keeps small runs in one request", () => {
    expect(chunkPlan(200, 0)).toEqual([{ start_index: 0, count: 200 }]);
    expect(chunkPlan(CHUNK_MIN, 7)).toEqual([{ start_index: 7, count: CHUNK_MIN }]);
  });

  it("covers every index once, in order, within the chunk bounds", () => {
    for (const [count, start] of [
      [1_500, 0],
      [12_345, 10],
      [100_000, 5],
    ] as const) {
      const plan = chunkPlan(count, start);
      expect(plan.reduce((n, c) => n + c.count, 0)).toBe(count);
      let next = start;
      for (const c of plan) {
        expect(c.start_index).toBe(next);
        expect(c.count).toBeLessThanOrEqual(CHUNK_MAX);
        next += c.count;
      }
    }
    expect(chunkPlan(100_000, 0)).toHaveLength(20);
    expect(chunkPlan(1_500, 0)).toHaveLength(3);
  });

  it("sends an out-of-range count as one request, for the server to refuse", () => {
    expect(chunkPlan(0, 0)).toEqual([{ start_index: 0, count: 0 }]);
    expect(chunkPlan(200_000, 0)).toEqual([{ start_index: 0, count: 200_000 }]);
  });
});

function fakeServer() {
  const calls: GenerationRequest[] = [];
  const generate = async (name: GeneratorName, body: GenerationRequest): Promise<GenerateTracesResponse> => {
    calls.push(body);
    const ids = Array.from({ length: body.count }, (_, k) => `id-${body.start_index + k}`);
    return {
      generator: name,
      seed: body.seed ?? 99,
      start_index: body.start_index,
      created_count: body.count,
      trace_ids: body.count <= 1000 ? ids : null,
      preview: ids.slice(0, 3).map((trace_id) => ({ trace_id, prompt: "p", final_answer: "a", meta: null })),
    };
  };
  return { calls, generate };
}

describe("runGeneration", () => {
  it("reuses the seed the server picked for every later chunk, and reports progress", async () => {
    const { calls, generate } = fakeServer();
    const progress: number[] = [];
    const res = await runGeneration(
      "arithmetic",
      { count: 1_200, seed: null, start_index: 0, options: { difficulty: 2 } },
      { onProgress: (done) => progress.push(done), shouldStop: () => false },
      generate,
    );
    expect(calls.map((c) => [c.seed, c.start_index, c.count])).toEqual([
      [null, 0, 500],
      [99, 500, 500],
      [99, 1000, 200],
    ]);
    expect(calls.every((c) => c.options.difficulty === 2)).toBe(true);
    expect(progress).toEqual([0, 500, 1000, 1200]);
    expect(res).toMatchObject({ seed: 99, created_count: 1200, chunks: 3, cancelled: false });
    expect(res.trace_ids).toHaveLength(1200);
    expect(res.preview.map((p) => p.trace_id)).toEqual(["id-0", "id-1", "id-2"]);
  });

  it("stops between chunks when asked", async () => {
    const { calls, generate } = fakeServer();
    const res = await runGeneration(
      "high_card_duel",
      { count: 2_000, seed: 5, start_index: 0, options: {} },
      { onProgress: () => {}, shouldStop: () => calls.length >= 2 },
      generate,
    );
    expect(res).toMatchObject({ created_count: 1000, chunks: 2, cancelled: true, seed: 5 });
  });
});
