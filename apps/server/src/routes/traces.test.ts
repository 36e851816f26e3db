import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, sampleTrace } from "../testing.js";

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("POST /api/traces", () => {
  it("stores a trace and returns id, created_at, trace_version", async () => {
    const res = await t.json("POST", "/api/traces", sampleTrace());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      created_at: expect.any(String),
      trace_version: "1.0",
    });
    const got = await t.json("GET", `/api/traces/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.payload).toEqual({ ...sampleTrace() });
  });

  it("strips unknown keys and stores absent meta as null, like the seed", async () => {
    const { meta: _meta, ...noMeta } = sampleTrace();
    const res = await t.json("POST", "/api/traces", { ...noMeta, extra: 1 });
    const got = await t.json("GET", `/api/traces/${res.body.id}`);
    expect(got.body.payload.meta).toBeNull();
    expect(got.body.payload.extra).toBeUndefined();
  });

  it("answers 422 with one entry per invalid field", async () => {
    const res = await t.json("POST", "/api/traces", {
      trace_version: "",
      prompt: "x",
      steps: [{ i: 0, type: "a", content: "" }],
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(["final_answer", "steps/0/content", "trace_version"]);
  });

  it("rejects duplicate step indices", async () => {
    const res = await t.json(
      "POST",
      "/api/traces",
      sampleTrace({
        steps: [
          { i: 1, type: "a", content: "b" },
          { i: 1, type: "a", content: "c" },
        ],
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: "steps", message: "Step indices must be unique" }]);
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await t.json("POST", "/api/traces", "{not json");
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/Malformed JSON/);
  });

  it("answers 413 when the bytes read exceed TRACE_MAX_BYTES, also without Content-Length", async () => {
    const big = JSON.stringify(sampleTrace({ prompt: "x".repeat(2_000_000) }));
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const res = await t.app.request("/api/traces", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    const list = await t.json("GET", "/api/traces?limit=100");
    expect(
      list.body.data.every((s: { prompt_preview: string }) => !s.prompt_preview.startsWith("xxxx")),
    ).toBe(true);
  });
});
