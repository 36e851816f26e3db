// LogCapture against a real (embedded) database: numbering, splitting, partial lines, encodings,
// and what a trainer's odd bytes do to a batch of stored lines.
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import type { RunEvent } from "@tunix-rt/contracts";
import { createLocalBus, type DbHandle, queryRows, sql } from "@tunix-rt/db";
import { createTestDb } from "@tunix-rt/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogCapture } from "./log-capture.js";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(() => handle.close());

async function newRun(lastSeq = 0) {
  const id = randomUUID();
  await handle.db.execute(sql`INSERT INTO runs (id, status, mode, dataset_key, model_id, trainer, config, labels, last_seq)
    VALUES (${id}, 'running', 'local', 'd-v1', 'm', 'fixture', '{}'::json, '[]'::jsonb, ${lastSeq})`);
  return id;
}

async function stored(runId: string) {
  return queryRows<{ seq: number; stream: string; line: string }>(
    handle.db,
    sql`SELECT seq, stream, line FROM run_logs WHERE run_id = ${runId} ORDER BY seq`,
  );
}

function capture(runId: string, startSeq = 0) {
  const announced: number[] = [];
  const bus = createLocalBus<RunEvent>();
  bus.subscribe((m) => {
    if (m.type === "logs" && m.run_id === runId) announced.push(m.seq);
  });
  const c = new LogCapture({ db: handle.db, bus }, runId, startSeq);
  return { c, announced };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("LogCapture", () => {
  it("numbers lines after the run's last seq, strips CR of CRLF, and announces batches in order", async () => {
    const runId = await newRun(7);
    const { c, announced } = capture(runId, 7);
    const out = new PassThrough();
    const err = new PassThrough();
    c.attach(out, "stdout");
    c.attach(err, "stderr");
    out.write("one\r\ntwo\n");
    err.write("oops\n");
    out.end("three\n");
    err.end();
    await c.close();
    const rows = await stored(runId);
    expect(rows.map((r) => r.seq)).toEqual([8, 9, 10, 11]);
    expect(rows.map((r) => `${r.stream}:${r.line}`).sort()).toEqual(
      ["stdout:one", "stdout:two", "stdout:three", "stderr:oops"].sort(),
    );
    expect(announced.at(-1)).toBe(11);
    expect([...announced].sort((a, b) => a - b)).toEqual(announced);
    expect(c.lastSeq).toBe(11);
    const run = await queryRows<{ last_seq: number }>(
      handle.db,
      sql`SELECT last_seq FROM runs WHERE id = ${runId}`,
    );
    expect(run[0]!.last_seq).toBe(11);
  });

  it("splits a very long line into 16 KiB parts on consecutive seqs", async () => {
    const runId = await newRun();
    const { c } = capture(runId);
    const out = new PassThrough();
    c.attach(out, "stdout");
    const long = "abcdefgh".repeat(5000); // 40,000 chars
    // Written in odd-sized chunks, as a pipe delivers it.
    for (let i = 0; i < long.length; i += 3001) out.write(long.slice(i, i + 3001));
    out.end("\nshort\n");
    await c.close();
    const rows = await stored(runId);
    expect(rows.map((r) => r.line.length)).toEqual([16384, 16384, 40000 - 32768, 5]);
    expect(
      rows
        .slice(0, 3)
        .map((r) => r.line)
        .join(""),
    ).toBe(long);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it("shows a partial line (no newline) after a short delay while the stream stays open", async () => {
    const runId = await newRun();
    const { c } = capture(runId);
    const out = new PassThrough();
    c.attach(out, "stdout");
    out.write("first\nprogress 50%");
    const t0 = Date.now();
    const rows = await until("the partial line", async () => {
      const r = await stored(runId);
      return r.length === 2 ? r : undefined;
    });
    expect(rows[1]!.line).toBe("progress 50%");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150); // it waited for the rest of the line first
    out.end("next\n");
    await c.close();
    expect((await stored(runId)).map((r) => r.line)).toEqual(["first", "progress 50%", "next"]);
  });

  it("fixed bug (minor) — the newline that ends an already-shown partial line is stored as an extra empty line", async () => {
    const runId = await newRun();
    const { c } = capture(runId);
    const out = new PassThrough();
    c.attach(out, "stdout");
    out.write("progress 50%");
    await until("the partial line", async () => ((await stored(runId)).length === 1 ? true : undefined));
    out.end("\n");
    await c.close();
    expect((await stored(runId)).map((r) => r.line)).toEqual(["progress 50%"]);
  });

  it("flushes a partial last line when the stream closes", async () => {
    const runId = await newRun();
    const { c } = capture(runId);
    const out = new PassThrough();
    c.attach(out, "stdout");
    out.end("a\nno newline at the end");
    await c.close();
    expect((await stored(runId)).map((r) => r.line)).toEqual(["a", "no newline at the end"]);
  });

  it("decodes UTF-8 characters split across chunks", async () => {
    const runId = await newRun();
    const { c } = capture(runId);
    const out = new PassThrough();
    c.attach(out, "stdout");
    const bytes = Buffer.from("héllo wörld 你好 🙂\n", "utf8");
    for (let i = 0; i < bytes.length; i++) out.write(bytes.subarray(i, i + 1));
    out.end();
    await c.close();
    expect((await stored(runId)).map((r) => r.line)).toEqual(["héllo wörld 你好 🙂"]);
  });

  it("keeps whole last lines, about 10 KiB, per stream as the run's tail", async () => {
    const runId = await newRun();
    const { c } = capture(runId);
    for (let i = 1; i <= 2000; i++) c.line(i % 2 ? "stdout" : "stderr", `line ${i}`);
    await c.close();
    const tail = c.tail("stdout").split("\n");
    expect(tail.at(-1)).toBe("line 1999");
    expect(c.tail("stdout").length).toBeLessThanOrEqual(10 * 1024);
    expect(c.tail("stdout").length).toBeGreaterThan(9 * 1024);
    expect(tail.every((l) => /^line \d*[13579]$/.test(l))).toBe(true);
    expect(c.tail("stderr").split("\n").at(-1)).toBe("line 2000");
    expect((await stored(runId)).length).toBe(2000);
  });

  it("fixed bug — a NUL byte in one line makes the whole batch fail, losing its neighbours too", async () => {
    const runId = await newRun();
    const { c } = capture(runId);
    const out = new PassThrough();
    c.attach(out, "stdout");
    out.end("before\nbinary\u0000junk\nafter\n");
    await c.close();
    expect(c.failed && (c.failed as Error).message).toBeNull();
    expect((await stored(runId)).map((r) => r.line)).toEqual(["before", "binary\uFFFDjunk", "after"]);
  });

  it("fixed bug — splitting a long line inside a surrogate pair makes the whole batch fail", async () => {
    const runId = await newRun();
    const { c } = capture(runId);
    const out = new PassThrough();
    c.attach(out, "stdout");
    // 1 + 2 × 10,000 UTF-16 units: the 16,384-unit cut falls between the halves of an emoji.
    const line = `a${"🙂".repeat(10_000)}`;
    out.end(`ok\n${line}\n`);
    await c.close();
    expect(c.failed && (c.failed as Error).message).toBeNull();
    const rows = await stored(runId);
    expect(rows[0]!.line).toBe("ok");
    expect(
      rows
        .slice(1)
        .map((r) => r.line)
        .join(""),
    ).toBe(line);
  });

  it("fixed bug — a trainer writing faster than the database stores is never slowed, so the worker buffers without bound", async () => {
    // 3,000 lines of 4,000 chars (12 MB) written as fast as the pipe takes them. The capture must
    // push back (the writer sees write() return false and waits for 'drain') and still store all.
    const runId = await newRun();
    const { c } = capture(runId);
    const out = new PassThrough();
    c.attach(out, "stdout");
    const pad = "x".repeat(4000);
    let pushedBack = 0;
    for (let i = 1; i <= 3000; i += 100) {
      const chunk = Array.from({ length: 100 }, (_, k) => `line ${i + k} ${pad}\n`).join("");
      if (!out.write(chunk)) {
        pushedBack++;
        await once(out, "drain");
      }
    }
    out.end();
    await c.close();
    expect(pushedBack).toBeGreaterThan(0);
    const rows = await stored(runId);
    expect(rows.length).toBe(3000);
    expect(rows.map((r) => Number(r.line.split(" ")[1]))).toEqual(
      Array.from({ length: 3000 }, (_, k) => k + 1),
    );
  });
});
