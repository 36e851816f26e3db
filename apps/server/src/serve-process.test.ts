import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hasTestPostgres, testPostgresUrl } from "@tunix-rt/db/testing";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { sampleTrace } from "./testing.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(ROOT, "apps/cli/bin/tunix-rt.js");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs the real `tunix-rt serve` process and resolves once it logs its URL. */
function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--log-level", "info", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /"url":"(http:[^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on("data", (d) => {
      err += d;
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${err}${out}`)));
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, url, exited, output: () => out + err };
}

const stop = async (p: { child: ChildProcess; exited: Promise<number | null> }) => {
  p.child.kill("SIGTERM");
  return p.exited;
};

async function post(url: string, body: unknown) {
  const res = await fetch(`${url}/api/traces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { id: string };
}

describe("tunix-rt serve (real process)", () => {
  it("keeps traces in the embedded data folder across a restart, and exits 0 on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "trt-serve-"));
    dirs.push(dataDir);
    const first = serve(["--data-dir", dataDir], { DATABASE_URL: "" });
    const { id } = await post(await first.url, sampleTrace({ prompt: "survives restart" }));
    expect(await stop(first)).toBe(0);
    const second = serve(["--data-dir", dataDir], { DATABASE_URL: "" });
    const res = await fetch(`${await second.url}/api/traces/${id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { payload: { prompt: string } }).payload.prompt).toBe("survives restart");
    expect(await stop(second)).toBe(0);
  });

  it("finishes an in-flight upload before shutting down on SIGTERM", async () => {
    const p = serve([], { DATABASE_URL: "memory://" });
    const url = await p.url;
    const encoder = new TextEncoder();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 200) {
          controller.close();
          return;
        }
        if (sent === 50) p.child.kill("SIGTERM"); // mid-upload
        controller.enqueue(
          encoder.encode(`${JSON.stringify(sampleTrace({ prompt: `inflight ${sent}` }))}\n`),
        );
        sent++;
        await new Promise((r) => setTimeout(r, 2));
      },
    });
    const res = await fetch(`${url}/api/traces/batch`, {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { created_count: number }).created_count).toBe(200);
    expect(await p.exited).toBe(0);
  });

  it("refuses to start on an invalid configuration, listing every problem", async () => {
    const p = serve(["--port", "70000"], { TRACE_MAX_BYTES: "12", REDIAI_MODE: "sometimes" });
    await expect(p.url).rejects.toThrow(/serve exited 2/);
    const out = p.output();
    expect(out).toContain("Invalid configuration");
    expect(out).toContain("--port");
    expect(out).toContain("TRACE_MAX_BYTES");
    expect(out).toContain("REDIAI_MODE");
  });
});

describe.skipIf(!hasTestPostgres())("tunix-rt serve on a Postgres server", () => {
  it("two processes starting at once migrate once and share the data", async () => {
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    const name = `serve_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(testPostgresUrl()!);
    url.pathname = `/${name}`;
    try {
      const a = serve([], { DATABASE_URL: url.toString() });
      const b = serve([], { DATABASE_URL: url.toString() });
      const [ua, ub] = await Promise.all([a.url, b.url]);
      const { id } = await post(ua, sampleTrace({ prompt: "shared" }));
      const res = await fetch(`${ub}/api/traces/${id}`);
      expect(res.status).toBe(200);
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      const migrations = await db.query("SELECT count(*)::int AS n FROM tunix_migrations");
      await db.end();
      expect(migrations.rows[0].n).toBeGreaterThan(0);
      expect(await stop(a)).toBe(0);
      expect(await stop(b)).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
