// The real CLI, as a child process, against a real server on loopback (in-memory PGlite).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CompareTracesResponse,
  ImportTracesResponse,
  ListTracesResponse,
  TraceDetail,
} from "@tunix-rt/contracts";
import { loadServerConfig, type RunningServer, startServer } from "@tunix-rt/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./test-harness.js";

let server: RunningServer;
let dir: string;

function cli(
  args: string[],
  opts: { input?: string; env?: Record<string, string>; server?: string | null } = {},
) {
  return runCli(["traces", ...args], {
    ...opts,
    server: opts.server === undefined ? server.url : opts.server,
  });
}

const trace = (source: string, prompt: string, extra: Record<string, unknown> = {}) => ({
  trace_version: "1.0",
  prompt,
  final_answer: "42",
  steps: [
    { i: 0, type: "read", content: "Read the question" },
    { i: 1, type: "calc", content: "Six times seven is 42" },
  ],
  meta: { source, expected_answer: "42" },
  ...extra,
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function listJson(args: string[]): Promise<ListTracesResponse> {
  const r = await cli(["list", "--json", ...args]);
  expect(r.code).toBe(0);
  return ListTracesResponse.parse(JSON.parse(r.stdout));
}

beforeAll(async () => {
  server = await startServer(loadServerConfig({}, { port: 0, databaseUrl: "memory://", logLevel: "silent" }));
  dir = mkdtempSync(join(tmpdir(), "tunix-cli-"));
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("traces import", () => {
  it("stores the good lines of an NDJSON file, reports the bad one and exits 1", async () => {
    const lines = [
      JSON.stringify(trace("ndjson", "one")),
      JSON.stringify(trace("ndjson", "two")),
      JSON.stringify({ ...trace("ndjson", "three"), steps: [{ i: 0, type: "x", content: "" }] }),
      JSON.stringify(trace("ndjson", "four")),
    ];
    const r = await cli(["import", file("mixed.jsonl", `${lines.join("\n")}\n`)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("received 4 lines: 3 created, 0 skipped as duplicates, 1 rejected");
    expect(r.stdout).toContain("line 3: steps/0/content: must be at least 1 character");
    expect(r.stderr).toBe("");
  });

  it("imports a JSON array, numbering problems by item", async () => {
    const arr = [trace("array", "a1"), trace("array", "a2"), { nope: true }];
    const r = await cli(["import", file("arr.json", JSON.stringify(arr, null, 2))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("2 created");
    expect(r.stdout).toMatch(/item 3: \w+/);
    const ok = await cli(["import", file("arr-ok.json", JSON.stringify([trace("array", "a3")]))]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("received 1 items: 1 created");
  });

  it("imports a single pretty-printed object", async () => {
    const r = await cli(["import", file("one.json", JSON.stringify(trace("single", "only one"), null, 2))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 created");
  });

  it("reads stdin with '-', and skips duplicates when asked", async () => {
    const input = `${JSON.stringify(trace("stdin", "s1"))}\n${JSON.stringify(trace("stdin", "s2"))}\n`;
    const first = await cli(["import", "-"], { input });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("2 created");
    const again = await cli(["import", "-", "--on-duplicate", "skip", "--json"], { input });
    expect(again.code).toBe(0);
    const body = ImportTracesResponse.parse(JSON.parse(again.stdout));
    expect(body).toMatchObject({ received_count: 2, created_count: 0, skipped_count: 2, rejected_count: 0 });
  });

  it("fails clearly on a missing file", async () => {
    const r = await cli(["import", join(dir, "missing.jsonl")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no such file");
  });
});

describe("traces list", () => {
  beforeAll(async () => {
    const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify(trace("paging", `page prompt ${i}`)));
    lines.push(JSON.stringify(trace("paging", "needle in a haystack")));
    expect((await cli(["import", "-"], { input: lines.join("\n") })).code).toBe(0);
  });

  it("prints a table filtered by source and text", async () => {
    const r = await cli(["list", "--source", "paging", "--q", "needle"]);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+CREATED \(UTC\)\s+SOURCE\s+STEPS\s+SCORE\s+PROMPT$/);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/paging\s+2\s+-\s+needle in a haystack/);
  });

  it("hints at the next cursor, which gives the next page", async () => {
    const r = await cli(["list", "--source", "paging", "--limit", "4"]);
    const cursor = /--cursor (\S+)/.exec(r.stdout)?.[1];
    expect(cursor).toBeTruthy();
    const next = await listJson(["--source", "paging", "--limit", "4", "--cursor", cursor!]);
    expect(next.data).toHaveLength(2);
    expect(next.pagination.next_cursor).toBeNull();
  });

  it("follows every page with --all, in table and JSON form", async () => {
    const r = await cli(["list", "--source", "paging", "--limit", "2", "--all"]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/page prompt \d/g)).toHaveLength(5);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("6 traces");
    const all = await listJson(["--source", "paging", "--limit", "2", "--all"]);
    expect(all.data).toHaveLength(6);
    expect(new Set(all.data.map((t) => t.id)).size).toBe(6);
  });

  it("filters by score once traces are scored", async () => {
    const { data } = await listJson(["--source", "paging", "--q", "needle"]);
    expect((await cli(["score", data[0]!.id, "--criteria", "answer_match"])).code).toBe(0);
    const hit = await listJson(["--source", "paging", "--criteria", "answer_match", "--min-score", "50"]);
    expect(hit.data.map((t) => t.id)).toEqual([data[0]!.id]);
  });

  it("passes the server's field errors through, and rejects bad flags as usage errors", async () => {
    const [bad, usage] = await Promise.all([
      cli(["list", "--created-after", "yesterday"]),
      cli(["list", "--limit", "zero"]),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("query/created_after");
    expect(usage.code).toBe(2);
  });
});

describe("show, score, compare, delete", () => {
  let a: string;
  let b: string;
  beforeAll(async () => {
    const other = trace("pair", "What is 6*7? (b)", {
      final_answer: "43",
      steps: [
        { i: 0, type: "read", content: "Read the question" },
        { i: 1, type: "calc", content: "Six times seven is 43" },
        { i: 2, type: "check", content: "Looks right" },
      ],
    });
    const input = `${JSON.stringify(trace("pair", "What is 6*7? (a)"))}\n${JSON.stringify(other)}\n`;
    expect((await cli(["import", "-"], { input })).code).toBe(0);
    const { data } = await listJson(["--source", "pair"]);
    const id = (suffix: string) => data.find((t) => t.prompt_preview.endsWith(suffix))!.id;
    a = id("(a)");
    b = id("(b)");
  });

  it("shows a trace readably, then with its stored score", async () => {
    const r = await cli(["show", a]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Prompt\n  What is 6*7? (a)");
    expect(r.stdout).toContain("  0. [read] Read the question");
    expect(r.stdout).toContain("  1. [calc] Six times seven is 42");
    expect(r.stdout).toContain("Final answer\n  42");
    const scored = await cli(["score", a]);
    expect(scored.code).toBe(0);
    expect(scored.stdout).toMatch(/^baseline score for .+: \d+\.\d\d\n/);
    const after = await cli(["show", a]);
    expect(after.stdout).toMatch(/baseline\s+\d+\.\d\d\s+\d{4}-/);
    const json = await cli(["show", a, "--json"]);
    expect(TraceDetail.parse(JSON.parse(json.stdout)).id).toBe(a);
  });

  it("scores with answer_match", async () => {
    const r = await cli(["score", b, "--criteria", "answer_match"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`answer_match score for ${b}: 0.00`);
    expect(r.stdout).toMatch(/match\s+false/);
  });

  it("compares two traces side by side with markers and the first divergence", async () => {
    const r = await cli(["compare", a, b]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(
      lines.some((l) => /^= 0\. \[read\] Read the question\s+\| 0\. \[read\] Read the question$/.test(l)),
    ).toBe(true);
    const div = lines.findIndex((l) => l.startsWith(">> first divergence"));
    expect(lines[div + 1]).toMatch(
      /^~ 1\. \[calc\] Six times seven is 42\s+\| 1\. \[calc\] Six times seven is 43$/,
    );
    expect(lines.some((l) => /^\+\s+\| 2\. \[check\] Looks right$/.test(l))).toBe(true);
    expect(r.stdout).toMatch(/diff: .*\[-.*2-\].*\{\+.*3\+\}/);
    expect(r.stdout).toMatch(/delta \(other - base\): [+-±]\d+\.\d\d/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
    const json = await cli(["compare", a, b, "--json"]);
    expect(CompareTracesResponse.parse(JSON.parse(json.stdout)).alignment.first_divergence).toBe(1);
  });

  it("deletes a trace; showing it afterwards fails with 'not found'", async () => {
    const del = await cli(["delete", b]);
    expect(del).toMatchObject({ code: 0, stdout: `deleted ${b}\n` });
    const show = await cli(["show", b]);
    expect(show.code).toBe(1);
    expect(show.stdout).toBe("");
    expect(show.stderr).toMatch(/^error: Trace .+ not found \(HTTP 404\)\n$/);
  });
});

describe("sorting and several ids at once", () => {
  let ids: string[];
  beforeAll(async () => {
    const lines = [1, 3, 2].map((n) =>
      JSON.stringify(
        trace("many", `many ${n}`, {
          steps: Array.from({ length: n }, (_, i) => ({ i, type: "s", content: `step ${i}` })),
          meta: n === 2 ? { source: "many" } : { source: "many", expected_answer: "42" },
        }),
      ),
    );
    expect((await cli(["import", "-"], { input: lines.join("\n") })).code).toBe(0);
    ids = (await listJson(["--source", "many", "--sort", "step_count"])).data.map((t) => t.id);
  });

  it("lists in the asked order", async () => {
    const asc = await listJson(["--source", "many", "--sort", "step_count"]);
    expect(asc.data.map((t) => t.step_count)).toEqual([1, 2, 3]);
    const desc = await listJson(["--source", "many", "--sort", "-step_count", "--limit", "1", "--all"]);
    expect(desc.data.map((t) => t.step_count)).toEqual([3, 2, 1]);
    const bad = await cli(["list", "--sort", "sideways"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Allowed choices are -created_at");
  });

  it("scores several traces in one go, naming those it skipped (exit 1)", async () => {
    const r = await cli(["score", ...ids, "--criteria", "answer_match"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `scored 2 of 3 with answer_match\nskipped ${ids[1]}: answer_match needs meta.expected_answer, which this trace does not have\n`,
    );
    const listed = await listJson(["--source", "many", "--sort", "step_count"]);
    expect(listed.data.map((t) => t.scores.answer_match)).toEqual([100, null, 100]);
  });

  it("deletes several traces in one request, reporting unknown ids (exit 1)", async () => {
    const unknown = "01900000-0000-7000-8000-0000000000aa";
    const r = await cli(["delete", ids[0]!, ids[1]!, unknown, "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ deleted_count: 2, not_found: [unknown] });
    expect((await listJson(["--source", "many"])).data.map((t) => t.id)).toEqual([ids[2]]);
  });
});

describe("connection and usage errors", () => {
  it("says the server cannot be reached, and reads TUNIX_RT_SERVER", async () => {
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    const r = await cli(["list"], { server: null, env: { TUNIX_RT_SERVER: url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: cannot reach tunix-rt at ${url} (is \`tunix-rt serve\` running?)\n`);
  });

  it("exits 2 on usage errors", async () => {
    const runs = await Promise.all([
      cli(["score", "x", "--criteria", "vibes"]),
      cli(["show"]),
      cli(["list"], { server: "ftp://example" }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs[2]!.stderr).toContain("--server must be an http(s) URL");
  });
});
