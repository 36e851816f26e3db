import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, sampleTrace } from "../testing.js";

const backends = hasTestPostgres() ? ["pglite", "postgres"] : ["pglite"];

describe.each(backends)("datasets on %s", (backend) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ postgres: backend === "postgres" });
    const gen = await t.json("POST", "/api/generators/arithmetic/generate", { count: 300, seed: 11 });
    expect(gen.status).toBe(201);
    await t.json("POST", "/api/generators/high_card_duel/generate", { count: 50, seed: 3 });
  });
  afterAll(() => t.close());

  const build = (body: Record<string, unknown>) => t.json("POST", "/api/datasets/build", body);

  it("builds an immutable version; the same key again is a 409", async () => {
    const res = await build({
      dataset_name: "arith",
      dataset_version: "v1",
      source: "arithmetic",
      limit: 100,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      dataset_key: "arith-v1",
      trace_count: 100,
      split_counts: { train: 100, val: 0, test: 0 },
    });
    expect(res.body.content_hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await build({
      dataset_name: "arith",
      dataset_version: "v1",
      source: "arithmetic",
      limit: 5,
    });
    expect(again.status).toBe(409);
    expect((await t.json("GET", "/api/datasets/arith-v1")).body.trace_count).toBe(100);
  });

  it("makes the key from name and version like the seed", async () => {
    const res = await build({ dataset_name: "my set/a", dataset_version: "v 2", source: "ungar", limit: 3 });
    expect(res.body.dataset_key).toBe("my_set_a-v_2");
  });

  it("selects from every matching trace, not only the newest limit×10", async () => {
    const res = await build({
      dataset_name: "all-duels",
      dataset_version: "v1",
      filters: { game: "high_card_duel" },
      limit: 1000,
    });
    expect(res.body.trace_count).toBe(50);
    const preview = await t.json("POST", "/api/datasets/preview", {
      filters: { source: "ungar" },
      limit: 20,
    });
    expect(preview.body).toEqual({ matching_count: 50, selected_count: 20 });
  });

  it("requires a seed for random selection and gives the same dataset for the same request", async () => {
    const noSeed = await build({ dataset_name: "r", dataset_version: "v0", selection_strategy: "random" });
    expect(noSeed.status).toBe(422);
    expect(noSeed.body.errors[0]).toEqual({
      field: "seed",
      message: "Random selection strategy requires a seed for reproducibility",
    });
    const a = await build({
      dataset_name: "r",
      dataset_version: "a",
      source: "arithmetic",
      selection_strategy: "random",
      seed: 5,
      limit: 40,
    });
    const b = await build({
      dataset_name: "r",
      dataset_version: "b",
      source: "arithmetic",
      selection_strategy: "random",
      seed: 5,
      limit: 40,
    });
    const c = await build({
      dataset_name: "r",
      dataset_version: "c",
      source: "arithmetic",
      selection_strategy: "random",
      seed: 6,
      limit: 40,
    });
    expect(a.body.content_hash).toBe(b.body.content_hash);
    expect(c.body.content_hash).not.toBe(a.body.content_hash);
  });

  it("assigns splits by a seeded hash of the trace content, stable across versions", async () => {
    const v1 = await build({
      dataset_name: "split",
      dataset_version: "v1",
      source: "arithmetic",
      limit: 200,
      split: { val: 0.2, test: 0.1 },
    });
    const v2 = await build({
      dataset_name: "split",
      dataset_version: "v2",
      source: "arithmetic",
      limit: 300,
      split: { val: 0.2, test: 0.1 },
    });
    expect(v2.status).toBe(201);
    const counts = v1.body.split_counts;
    expect(counts.train + counts.val + counts.test).toBe(200);
    expect(counts.val).toBeGreaterThan(20);
    expect(counts.test).toBeGreaterThan(5);
    const ids = async (key: string, split: string) =>
      (await (await t.app.request(`/api/datasets/${key}/export.jsonl?split=${split}`)).text())
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).id as string);
    const v1Val = await ids("split-v1", "val");
    const v2Val = new Set(await ids("split-v2", "val"));
    expect(v1Val.length).toBe(counts.val);
    expect(v1Val.every((id) => v2Val.has(id))).toBe(true);
    const v2Train = new Set(await ids("split-v2", "train"));
    expect(v1Val.some((id) => v2Train.has(id))).toBe(false);
  });

  it("keeps one trace per prompt on request, in preview, latest and random selection", async () => {
    // 1-digit, one-operation problems repeat often in 400 draws.
    const gen = await t.json("POST", "/api/generators/arithmetic/generate", {
      count: 400,
      seed: 5,
      options: { difficulty: 1, digits: 1 },
    });
    expect(gen.status).toBe(201);
    const filter = { source: "arithmetic", filters: { digits: 1 }, limit: 100_000 };
    const all = await t.json("POST", "/api/datasets/preview", filter);
    const distinct = await t.json("POST", "/api/datasets/preview", { ...filter, distinct_prompts: true });
    expect(all.body.matching_count).toBe(400);
    expect(distinct.body.matching_count).toBeLessThan(400);
    expect(distinct.body.matching_count).toBeGreaterThan(50);
    const prompts = async (key: string) =>
      (await (await t.app.request(`/api/datasets/${key}/export.jsonl?format=training_example`)).text())
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).prompt as string);
    for (const strategy of ["latest", "random"]) {
      const res = await build({
        dataset_name: `distinct-${strategy}`,
        dataset_version: "v1",
        ...filter,
        selection_strategy: strategy,
        seed: 1,
        distinct_prompts: true,
        split: { test: 0.2 },
      });
      expect(res.status).toBe(201);
      expect(res.body.trace_count).toBe(distinct.body.matching_count);
      const got = await prompts(res.body.dataset_key);
      expect(new Set(got).size).toBe(got.length);
    }
    const shown = await t.json("GET", "/api/datasets/distinct-latest-v1");
    expect(shown.body.request.distinct_prompts).toBe(true);
  });

  it("rejects an empty selection and bad requests with field errors", async () => {
    const empty = await build({ dataset_name: "e", dataset_version: "v1", source: "nothing-here" });
    expect(empty.status).toBe(422);
    expect(empty.body.detail).toBe("Dataset is empty. No traces matched the filters.");
    const bad = await build({
      dataset_name: "",
      dataset_version: "v1",
      limit: 100_001,
      split: { val: 0.8, test: 0.5 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "dataset_name",
      "limit",
      "split/val",
    ]);
  });

  it("lists, shows statistics, and streams the seed-format manifest", async () => {
    const list = await t.json("GET", "/api/datasets?limit=2");
    expect(list.body.data).toHaveLength(2);
    expect(list.body.pagination.next_cursor).toEqual(expect.any(String));
    const detail = (await t.json("GET", "/api/datasets/arith-v1")).body;
    expect(detail.stats.trace_count).toBe(100);
    expect(detail.stats.min_step_count).toBeGreaterThanOrEqual(2);
    expect(detail.selection_strategy).toBe("latest");
    const manifest = JSON.parse(await (await t.app.request("/api/datasets/arith-v1/manifest.json")).text());
    expect(manifest.trace_ids).toHaveLength(100);
    expect(manifest.dataset_key).toBe("arith-v1");
  });

  it("refuses to delete a trace a dataset holds, and deletes a dataset", async () => {
    await t.json("POST", "/api/traces", sampleTrace({ meta: { source: "only-in-del" } }));
    const key = (await build({ dataset_name: "del", dataset_version: "v1", source: "only-in-del" })).body
      .dataset_key;
    const manifest = JSON.parse(await (await t.app.request(`/api/datasets/${key}/manifest.json`)).text());
    const res = await t.json("DELETE", `/api/traces/${manifest.trace_ids[0]}`);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain(key);
    expect((await t.json("DELETE", `/api/datasets/${key}`)).status).toBe(204);
    expect((await t.json("GET", `/api/datasets/${key}`)).status).toBe(404);
    expect((await t.json("DELETE", `/api/traces/${manifest.trace_ids[0]}`)).status).toBe(204);
  });
});

describe("dataset content hash is the same on PGlite and Postgres", () => {
  it.skipIf(!hasTestPostgres())("for the same generated traces and request", async () => {
    const hashes: string[] = [];
    for (const postgres of [false, true]) {
      const t = await createTestApp({ postgres });
      try {
        await t.json("POST", "/api/generators/arithmetic/generate", { count: 120, seed: 99 });
        const req = {
          dataset_name: "x",
          dataset_version: "v1",
          source: "arithmetic",
          selection_strategy: "random",
          seed: 1,
          limit: 50,
          split: { val: 0.2 },
        };
        hashes.push((await t.json("POST", "/api/datasets/build", req)).body.content_hash);
      } finally {
        await t.close();
      }
    }
    expect(hashes[0]).toBe(hashes[1]);
  });
});

describe("exports", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
    await t.json(
      "POST",
      "/api/traces",
      sampleTrace({
        prompt: "What is 2+2?",
        steps: [{ i: 0, type: "calc", content: "Add 2 and 2" }],
        final_answer: "4",
        meta: { source: "exp", z: "é" },
      }),
    );
    await t.json("POST", "/api/datasets/build", {
      dataset_name: "exp",
      dataset_version: "v1",
      source: "exp",
    });
  });
  afterAll(() => t.close());

  const exportLines = async (query: string) => {
    const res = await t.app.request(`/api/datasets/exp-v1/export.jsonl?${query}`);
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    return (await res.text()).split("\n").filter(Boolean);
  };

  it("renders tunix_sft byte for byte like the seed (Gemma template, Python json.dumps)", async () => {
    const [line] = await exportLines("format=tunix_sft");
    expect(line).toMatch(
      /^\{"id": "[0-9a-f-]{36}", "prompts": "<start_of_turn>user\\nWhat is 2\+2\?<end_of_turn>\\n<start_of_turn>model\\nReasoning:\\n1\. Add 2 and 2\\nAnswer: 4<end_of_turn>", "final_answer": "4", "metadata": \{"created_at": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00", "trace_version": "1\.0", "format": "tunix_sft", "source": "exp", "z": "\\u00e9"\}\}$/,
    );
  });

  it("gives training_example a stable id and the tagged style on request", async () => {
    const a = JSON.parse((await exportLines("format=training_example"))[0]!);
    const b = JSON.parse((await exportLines("format=training_example"))[0]!);
    expect(a.id).toBe(b.id);
    expect(a.prompt).toBe("What is 2+2?\n\nPlease show your reasoning steps.");
    expect(a.response).toBe("Reasoning:\n1. Add 2 and 2\nAnswer: 4");
    const tagged = JSON.parse(
      (await exportLines("format=chat&response_style=tagged&system_instruction=Think.")).at(0)!,
    );
    expect(tagged.messages).toEqual([
      { role: "system", content: "Think." },
      { role: "user", content: "What is 2+2?" },
      { role: "assistant", content: "<reasoning>Add 2 and 2</reasoning>\n<answer>4</answer>" },
    ]);
    const sft = JSON.parse((await exportLines("format=tunix_sft&system_instruction=Think.")).at(0)!);
    expect(sft.prompts.startsWith("<start_of_turn>user\nThink.\n\nWhat is 2+2?<end_of_turn>")).toBe(true);
  });

  it("answers 404 for an unknown dataset and 422 for an unknown format", async () => {
    expect((await t.json("GET", "/api/datasets/nope-v1/export.jsonl")).status).toBe(404);
    const bad = await t.json("GET", "/api/datasets/exp-v1/export.jsonl?format=csv");
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("query/format");
  });

  it("keeps the seed's /api/tunix/sft/export with limit honoured and malformed ids as 400", async () => {
    const res = await t.app.request("/api/tunix/sft/export", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ dataset_key: "exp-v1", limit: 1 }),
    });
    expect((await res.text()).trim().split("\n")).toHaveLength(1);
    const bad = await t.json("POST", "/api/tunix/sft/export", { trace_ids: ["nope"] });
    expect(bad.status).toBe(400);
    expect((await t.json("POST", "/api/tunix/sft/export", { trace_ids: [] })).status).toBe(400);
    expect((await t.json("POST", "/api/tunix/sft/export", { dataset_key: "missing-v9" })).status).toBe(404);
  });

  it("writes a manifest in the seed's YAML layout pointing at data that exists", async () => {
    const res = await t.json("POST", "/api/tunix/sft/manifest", {
      dataset_key: "exp-v1",
      model_id: "google/gemma-2b-it",
      output_dir: "./out",
    });
    expect(res.status).toBe(201);
    const yaml: string = res.body.manifest_yaml;
    expect(yaml).toBe(
      `version: '1.0'\nrunner: tunix\nmode: sft\nmodel:\n  model_id: google/gemma-2b-it\ndataset:\n  format: tunix_sft\n  path: ${res.body.dataset_path}\ntraining:\n  learning_rate: 2.0e-05\n  num_epochs: 3\n  batch_size: 8\n  max_seq_length: 2048\noutput:\n  output_dir: ./out\n`,
    );
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(res.body.dataset_path, "utf8")).toContain("<start_of_turn>model");
    expect(
      (
        await t.json("POST", "/api/tunix/sft/manifest", {
          dataset_key: "nope",
          model_id: "m",
          output_dir: "o",
        })
      ).status,
    ).toBe(404);
  });

  it("shows what the model is trained on, with Gemma 3 token counts", async () => {
    const ex = (await t.json("GET", "/api/datasets/exp-v1/examples?limit=1")).body.data[0];
    expect(ex.prompt).toBe("<start_of_turn>user\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n");
    expect(ex.completion).toBe("Reasoning:\n1. Add 2 and 2\nAnswer: 4<end_of_turn>");
    expect(ex.prompt_tokens).toBeGreaterThan(5);
    expect(ex.total_tokens).toBe(ex.prompt_tokens + ex.completion_tokens);
    const tokens = (await t.json("GET", `/api/datasets/exp-v1/tokens?max_seq_length=${ex.total_tokens - 1}`))
      .body;
    expect(tokens).toMatchObject({
      example_count: 1,
      total_tokens: ex.total_tokens,
      truncated_count: 1,
      min: ex.total_tokens,
      max: ex.total_tokens,
    });
    expect(tokens.histogram.counts).toEqual([1]);
    expect(
      (await t.json("GET", `/api/datasets/exp-v1/tokens?max_seq_length=${ex.total_tokens}`)).body
        .truncated_count,
    ).toBe(0);
  });
});
