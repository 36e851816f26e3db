// `tunix-rt generate arithmetic --digits --steps` as a child process against a real in-memory server.
import { GenerateTracesResponse } from "@tunix-rt/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../test-harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe("tunix-rt generate arithmetic --digits --steps", () => {
  it("stores column traces of the requested range, as the API makes them", async () => {
    const args = ["generate", "arithmetic", "--count", "12", "--seed", "5", "--difficulty", "1"];
    const r = await h.cli([...args, "--digits", "2", "--steps", "columns", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const made = GenerateTracesResponse.parse(JSON.parse(r.stdout));
    const traces = await Promise.all(made.trace_ids!.map((id) => h.client.traces.get(id)));
    for (const { payload } of traces) {
      expect(payload.meta).toMatchObject({
        source: "arithmetic",
        difficulty: 1,
        digits: 2,
        steps: "columns",
      });
      expect(payload.steps[0]!.content).toMatch(/^(Ones|Rewrite): /);
      for (const n of /^What is (\d+) [+*-] (\d+)\?$/.exec(payload.prompt)!.slice(1)) {
        expect(Number(n)).toBeLessThanOrEqual(99);
      }
    }
    const api = await h.client.generators.generate("arithmetic", {
      count: 12,
      seed: 5,
      options: { difficulty: 1, digits: 2, steps: "columns" },
    });
    const again = await Promise.all(api.trace_ids!.map((id) => h.client.traces.get(id)));
    expect(again.map((t) => t.payload)).toEqual(traces.map((t) => t.payload));
  });

  it("lists the new options and refuses values out of range", async () => {
    const list = await h.cli(["generators"]);
    expect(list.stdout).toContain("--digits: largest + and − operand in digits, 1 to 4");
    expect(list.stdout).toContain("--steps: operations (default)");
    const bad = await h.cli(["generate", "arithmetic", "--count", "1", "--digits", "5"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("--digits");
    const style = await h.cli(["generate", "arithmetic", "--count", "1", "--steps", "rows"]);
    expect(style.code).not.toBe(0);
    expect(style.stderr).toContain("columns");
  });
});
