// `tunix-rt generate` as a child process against a real in-memory server.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GenerateTracesResponse, ListGeneratorsResponse } from "@tunix-rt/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./test-harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function prompts(ids: readonly string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => (await h.client.traces.get(id)).payload.prompt));
}

describe("tunix-rt generate", () => {
  it("lists the generators (generate --list and generators)", async () => {
    const [list, alias, json] = await Promise.all([
      h.cli(["generate", "--list"]),
      h.cli(["generators"]),
      h.cli(["generators", "--json"]),
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("arithmetic  (meta.source = arithmetic)");
    expect(list.stdout).toContain("high_card_duel  (meta.source = ungar)");
    expect(list.stdout).toContain("--difficulty: 1, 2 or 3 operations");
    expect(alias.stdout).toBe(list.stdout);
    expect(ListGeneratorsResponse.parse(JSON.parse(json.stdout)).data).toHaveLength(3);
  });

  it("makes, in chunks, exactly the traces one request with the same seed makes", async () => {
    const r = await h.cli([
      "generate",
      "arithmetic",
      "--count",
      "25",
      "--seed",
      "99",
      "--chunk-size",
      "10",
      "--difficulty",
      "2",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const chunked = GenerateTracesResponse.parse(JSON.parse(r.stdout));
    expect(chunked).toMatchObject({ generator: "arithmetic", seed: 99, start_index: 0, created_count: 25 });
    expect(chunked.trace_ids).toHaveLength(25);
    const single = await h.client.generators.generate("arithmetic", {
      count: 25,
      seed: 99,
      options: { difficulty: 2 },
    });
    expect(await prompts(chunked.trace_ids!)).toEqual(await prompts(single.trace_ids!));
    expect(chunked.preview.map((p) => p.prompt)).toEqual(single.preview.map((p) => p.prompt));
  });

  it("chunks a run larger than the default chunk (2000) and prints seed, continuation and preview", async () => {
    const r = await h.cli(["generate", "arithmetic", "--count", "2500", "--seed", "77"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^generated 2,500 arithmetic traces in 2 requests, /);
    expect(r.stdout).toContain("seed 77, start index 0");
    expect(r.stdout).toContain("to continue this sequence: --seed 77 --start-index 2500");
    expect(r.stdout).toContain('stored with meta.source "arithmetic"');
    expect(r.stdout.match(/^ {2}[0-9a-f-]{36} {2}What is /gm)).toHaveLength(3);
    // The same 2,500 from one request: every index then holds two traces with equal payloads.
    const single = await h.client.generators.generate("arithmetic", { count: 2500, seed: 77 });
    expect(single.created_count).toBe(2500);
    const build = await h.cli([
      "datasets",
      "build",
      "seed77",
      "v1",
      "--meta",
      "seed=77",
      "--limit",
      "10000",
      "--json",
    ]);
    expect(JSON.parse(build.stdout).trace_count).toBe(5000);
    const out = join(h.dir, "seed77.jsonl");
    expect((await h.cli(["datasets", "export", "seed77-v1", "-o", out])).code).toBe(0);
    const byIndex = new Map<number, string[]>();
    for (const line of readFileSync(out, "utf8").trimEnd().split("\n")) {
      // The seed's `trace` export record: prompts, trace_steps, final_answer, metadata.
      const t = JSON.parse(line) as {
        prompts: string;
        trace_steps: string[];
        final_answer: string;
        metadata: { index: number };
      };
      const key = t.metadata.index;
      const content = JSON.stringify([t.prompts, t.trace_steps, t.final_answer]);
      byIndex.set(key, [...(byIndex.get(key) ?? []), content]);
    }
    expect(byIndex.size).toBe(2500);
    for (const [, pair] of byIndex) {
      expect(pair).toHaveLength(2);
      expect(pair[0]).toBe(pair[1]);
    }
  });

  it("picks a seed when none is given and prints it", async () => {
    const r = await h.cli(["generate", "high_card_duel_winner", "--count", "3"]);
    expect(r.code).toBe(0);
    const seed = /^seed (\d+) \(picked at random; pass --seed \1 to generate the same traces again\)$/m.exec(
      r.stdout,
    );
    expect(seed).not.toBeNull();
  });

  it("says how to finish a run that failed part way", async () => {
    // start_index is capped at 1,000,000,000 by the API: the third chunk is refused.
    const r = await h.cli([
      "generate",
      "arithmetic",
      "--count",
      "10",
      "--seed",
      "5",
      "--start-index",
      "999999995",
      "--chunk-size",
      "3",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("(HTTP 422)");
    expect(r.stderr).toContain("start_index");
    expect(r.stderr).toContain("stopped after 6 of 10 traces were created (seed 5)");
    expect(r.stderr).toContain(
      "to finish: tunix-rt generate arithmetic --count 4 --seed 5 --start-index 1000000001",
    );
  });

  it("refuses unknown generators and usage mistakes", async () => {
    const [unknown, noName, noCount, badDifficulty] = await Promise.all([
      h.cli(["generate", "nope", "--count", "3"]),
      h.cli(["generate"]),
      h.cli(["generate", "arithmetic"]),
      h.cli(["generate", "arithmetic", "--count", "3", "--difficulty", "9"]),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: No generator named nope");
    expect(unknown.stderr).toContain("tunix-rt generate --list");
    expect([noName.code, noCount.code, badDifficulty.code]).toEqual([2, 2, 2]);
    expect(noCount.stderr).toContain("--count is required");
  });
});
