import type { GenerateTracesResponse } from "@tunix-rt/contracts";
import { describe, expect, it } from "vitest";
import { generatorOptions, mergeResponses, planChunks } from "./generate-command.js";

describe("planChunks", () => {
  it("covers the run with consecutive start indexes", () => {
    expect(planChunks(5, 10, 2)).toEqual([
      { start_index: 10, count: 2 },
      { start_index: 12, count: 2 },
      { start_index: 14, count: 1 },
    ]);
    expect(planChunks(3, 0, 2000)).toEqual([{ start_index: 0, count: 3 }]);
  });
});

describe("mergeResponses", () => {
  const part = (ids: string[] | null, start: number): GenerateTracesResponse => ({
    generator: "arithmetic",
    seed: 1,
    start_index: start,
    created_count: ids?.length ?? 2000,
    trace_ids: ids,
    preview: [{ trace_id: `p${start}`, prompt: "x", final_answer: "1", meta: null }],
  });

  it("answers like one request: summed count, joined ids, the first preview", () => {
    const r = mergeResponses({ start_index: 0, count: 2 }, [part(["a", "b"], 0), part(["c"], 2)], 3);
    expect(r).toMatchObject({ start_index: 0, created_count: 3, trace_ids: ["a", "b", "c"] });
    expect(r.preview[0]!.trace_id).toBe("p0");
  });

  it("lists no ids for runs over the API's id limit", () => {
    expect(mergeResponses({ start_index: 0, count: 2000 }, [part(null, 0)], 2000).trace_ids).toBeNull();
  });
});

describe("generatorOptions", () => {
  it("sends only the flags given, typed as the API wants them, and repeats them for a resume", () => {
    expect(generatorOptions({})).toEqual({ options: undefined, flags: [] });
    expect(generatorOptions({ difficulty: "2" })).toEqual({
      options: { difficulty: 2 },
      flags: ["--difficulty 2"],
    });
    expect(generatorOptions({ difficulty: "mixed", digits: 3, steps: "columns" })).toEqual({
      options: { difficulty: "mixed", digits: 3, steps: "columns" },
      flags: ["--difficulty mixed", "--digits 3", "--steps columns"],
    });
  });
});
