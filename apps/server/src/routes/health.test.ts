import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, sampleTrace } from "../testing.js";

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("health, metrics and API docs", () => {
  it("GET /api/health is healthy, with its database's round trip", async () => {
    const res = await t.json("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "healthy", database: { status: "ok" } });
    expect(res.body.database.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it("GET /api/redi/health answers from the mock by default", async () => {
    expect((await t.json("GET", "/api/redi/health")).body).toEqual({ status: "healthy" });
  });

  it("GET /metrics reports requests by route and status, DB writes and trace totals", async () => {
    await t.json("POST", "/api/traces", sampleTrace());
    await t.json("GET", "/api/traces/not-a-uuid");
    const res = await t.app.request("/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/api\/traces",status="201"\} 1/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/traces\/:id",status="422"\} 1/);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.001",method="POST",route="\/api\/traces",status="201"\}/,
    );
    expect(text).toMatch(/tunix_db_write_latency_ms_count\{operation="create_traces"\} 1/);
    expect(text).toMatch(/tunix_traces_total 1/);
  });

  it("serves an OpenAPI 3 document generated from the contracts, and a docs page", async () => {
    const doc = (await t.json("GET", "/api/openapi.json")).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/traces",
        "/api/traces/batch",
        "/api/traces/{id}",
        "/api/traces/compare",
        "/api/traces/{id}/score",
      ]),
    );
    const post = doc.paths["/api/traces"].post;
    expect(post.requestBody.content["application/json"].schema).toBeDefined();
  });

  it("serves the API docs page and every file it loads itself: nothing from another host", async () => {
    const page = await t.app.request("/api/docs");
    const html = await page.text();
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(refs).toEqual([
      "/api/docs/favicon-32x32.png",
      "/api/docs/swagger-ui.css",
      "/api/docs/swagger-ui-bundle.js",
      "/api/docs/init.js",
    ]);
    expect(html).not.toMatch(/https?:\/\//);
    for (const ref of refs) {
      const res = await t.app.request(ref);
      expect(res.status, ref).toBe(200);
      expect((await res.arrayBuffer()).byteLength, ref).toBeGreaterThan(40);
    }
    expect((await t.app.request("/api/docs/swagger-ui-bundle.js")).headers.get("content-type")).toMatch(
      /^text\/javascript/,
    );
    expect(await (await t.app.request("/api/docs/init.js")).text()).toContain('url: "/api/openapi.json"');
    const other = await t.json("GET", "/api/docs/package.json");
    expect(other.status).toBe(404);
    expect(other.body.type).toBe("urn:tunix-rt:problem:not_found");
  });

  it("answers unknown API paths with a problem document", async () => {
    const res = await t.json("GET", "/api/nope");
    expect(res.status).toBe(404);
    expect(res.body.type).toBe("urn:tunix-rt:problem:not_found");
  });
});

describe("RediAI health in real mode", () => {
  let server: Server;
  let hits = 0;
  let status = 200;
  let base = "";
  beforeAll(async () => {
    // A real HTTP peer on loopback: RediAI is a service we don't own.
    server = createServer((_req, res) => {
      hits++;
      setTimeout(() => {
        res.statusCode = status;
        res.end("{}");
      }, 50);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("probes once for concurrent cache misses, caches, and reports HTTP errors", async () => {
    const app = await createTestApp({
      config: { rediMode: "real", rediBaseUrl: base, rediHealthCacheTtlSeconds: 30 },
    });
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => app.json("GET", "/api/redi/health")),
      );
      expect(results.every((r) => r.body.status === "healthy")).toBe(true);
      expect(hits).toBe(1);
      await app.json("GET", "/api/redi/health");
      expect(hits).toBe(1);
    } finally {
      await app.close();
    }
    status = 503;
    const down = await createTestApp({
      config: { rediMode: "real", rediBaseUrl: base, rediHealthCacheTtlSeconds: 0 },
    });
    try {
      expect((await down.json("GET", "/api/redi/health")).body).toEqual({
        status: "down",
        error: "HTTP 503",
      });
    } finally {
      await down.close();
    }
  });

  it("reports a refused connection as down", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const app = await createTestApp({
      config: { rediMode: "real", rediBaseUrl: `http://127.0.0.1:${port}`, rediHealthCacheTtlSeconds: 0 },
    });
    try {
      const res = await app.json("GET", "/api/redi/health");
      expect(res.body.status).toBe("down");
      expect(res.body.error).toMatch(/^Connection refused/);
    } finally {
      await app.close();
    }
  });
});
