import { createTestDb } from "@tunix-rt/db/testing";
import { loadServerConfig, type ServerConfigInput } from "./config.js";
import { type App, createApp } from "./create-app.js";

/**
 * An app on a fresh migrated database (in-memory PGlite, or a new database on the suite's
 * Postgres server with `postgres: true`), driven in-process with `app.request()`.
 */
export async function createTestApp(opts: { postgres?: boolean; config?: Partial<ServerConfigInput> } = {}) {
  const db = await createTestDb({ postgres: opts.postgres });
  const config = loadServerConfig({}, { dataDir: "./.tmp/test-data", ...opts.config });
  const app: App = createApp({ db, config });
  const json = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
    let data: any = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    return { status: res.status, headers: res.headers, body: data };
  };
  return { app, db, config, json, close: () => db.close() };
}

/** A valid trace, with overrides. */
export function sampleTrace(overrides: Record<string, unknown> = {}) {
  return {
    trace_version: "1.0",
    prompt: "What is 2+2?",
    final_answer: "4",
    steps: [{ i: 0, type: "calc", content: "Add 2 and 2" }],
    meta: { source: "test" },
    ...overrides,
  };
}
