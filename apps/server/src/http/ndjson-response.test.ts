import { get } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { sql } from "@tunix-rt/db";
import { hasTestPostgres } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, sampleTrace } from "../testing.js";

// ~40 MB of export: more than the socket buffers between Postgres, the server and the client
// hold, so a client that stops reading leaves the COPY mid-stream.
const COPIES = 2000;

describe.skipIf(!hasTestPostgres())("an NDJSON export over real HTTP, from Postgres", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: ReturnType<typeof serve>;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp({ postgres: true });
    await t.json("POST", "/api/traces", sampleTrace({ prompt: "p".repeat(20_000) }));
    await t.db.db.execute(sql`
      INSERT INTO traces (id, created_at, trace_version, payload, source, step_count, content_hash)
      SELECT gen_random_uuid(), created_at, trace_version, payload, source, step_count, md5(g::text) || md5(g::text)
      FROM traces, generate_series(1, ${COPIES}) g`);
    const built = await t.json("POST", "/api/datasets/build", {
      dataset_name: "big",
      dataset_version: "v1",
      limit: COPIES + 1,
    });
    expect(built.status).toBe(201);
    server = await new Promise((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  const busy = () => t.db.pool!.totalCount - t.db.pool!.idleCount;

  /** Starts the export, takes its first chunk, then drops the connection. */
  const disconnectAfterFirstChunk = () =>
    new Promise<number>((resolve, reject) => {
      const req = get(`${url}/api/datasets/big-v1/export.jsonl?format=tunix_sft`, (res) => {
        res.once("data", () => {
          res.pause();
          const held = busy();
          req.destroy();
          resolve(held);
        });
      });
      req.on("error", (err) => (req.destroyed ? undefined : reject(err)));
    });

  it("releases the database connection of a client that disconnects, and keeps serving", async () => {
    const pool = t.db.pool!;
    for (let round = 0; round < pool.options.max! + 2; round++) {
      // The COPY is still running when the client goes: its connection is held…
      expect(await disconnectAfterFirstChunk()).toBe(1);
      // …and given back once the server notices the client has gone.
      await expect.poll(busy, { timeout: 10_000 }).toBe(0);
    }
    const res = await fetch(`${url}/api/datasets/big-v1/export.jsonl?format=tunix_sft`);
    const text = await res.text();
    expect(text.split("\n").length - 1).toBe(COPIES + 1);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});
