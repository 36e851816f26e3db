// `tunix-rt datasets …` as a child process against a real in-memory server.
import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  BuildDatasetResponse,
  DatasetDetail,
  DatasetTokensResponse,
  ListDatasetsResponse,
  PreviewDatasetResponse,
} from "@tunix-rt/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./test-harness.js";

let h: Harness;

const lines = (text: string) => text.split("\n").filter((l) => l !== "");

beforeAll(async () => {
  h = await startHarness();
  // 40 one-step problems and 30 two-step ones, all under seed 1 (meta.seed = 1).
  await h.client.generators.generate("arithmetic", { count: 40, seed: 1, options: { difficulty: 1 } });
  await h.client.generators.generate("arithmetic", {
    count: 30,
    seed: 1,
    start_index: 40,
    options: { difficulty: 2 },
  });
  await h.client.generators.generate("high_card_duel_winner", { count: 20, seed: 1 });
});

afterAll(async () => {
  await h?.close();
});

describe("datasets preview", () => {
  it("counts what a build would match and select", async () => {
    const r = await h.cli(["datasets", "preview", "--source", "arithmetic", "--meta", "difficulty=1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("40 traces match; a build would select 40\n");
    const cut = await h.cli(["datasets", "preview", "--meta", "seed=1", "--limit", "50", "--json"]);
    expect(PreviewDatasetResponse.parse(JSON.parse(cut.stdout))).toEqual({
      matching_count: 90,
      selected_count: 50,
    });
    const human = await h.cli(["datasets", "preview", "--meta", "seed=1", "--limit", "50"]);
    expect(lines(human.stdout)).toEqual([
      "90 traces match; a build would select 50 (the limit cuts the rest)",
      "raise --limit to at least 90 to take them all (at most 100,000)",
    ]);
  });
});

describe("datasets build", () => {
  it("builds a split dataset from filters and prints key, count, split sizes and hash", async () => {
    const r = await h.cli([
      "datasets",
      "build",
      "arith",
      "v1",
      "--source",
      "arithmetic",
      "--meta",
      "difficulty=2",
      "--meta",
      "seed=1",
      "--limit",
      "1000",
      "--val",
      "0.2",
      "--test",
      "0.2",
      "--split-seed",
      "3",
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^built arith-v1\n/);
    expect(r.stdout).toMatch(/ {2}traces {8}30\n/);
    const splits = /splits\s+train (\d+) · val (\d+) · test (\d+)/.exec(r.stdout);
    expect(splits).not.toBeNull();
    const [train, val, test] = splits!.slice(1).map(Number);
    expect(train! + val! + test!).toBe(30);
    expect(r.stdout).toMatch(/content hash {2}[0-9a-f]{64}\n/);
    expect(r.stdout).toContain(`manifest      ${h.server.url}/api/datasets/arith-v1/manifest.json`);

    const detail = await h.client.datasets.get("arith-v1");
    expect(detail.split_counts).toEqual({ train, val, test });
    expect(detail.request).toMatchObject({
      filters: { difficulty: 2, seed: 1 },
      split: { val: 0.2, test: 0.2, seed: 3 },
    });
  });

  it("refuses to rebuild an existing key with 409", async () => {
    const r = await h.cli(["datasets", "build", "arith", "v1", "--source", "arithmetic"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "error: Dataset arith-v1 already exists; datasets are immutable, build a new version (HTTP 409)\n",
    );
  });

  it("builds a seeded random sample as JSON, and passes field errors through", async () => {
    const r = await h.cli([
      "datasets",
      "build",
      "cards",
      "v1",
      "--source",
      "high_card_duel_winner",
      "--strategy",
      "random",
      "--seed",
      "4",
      "--limit",
      "10",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(BuildDatasetResponse.parse(JSON.parse(r.stdout))).toMatchObject({
      dataset_key: "cards-v1",
      trace_count: 10,
      split_counts: { train: 10 },
    });
    const bad = await h.cli([
      "datasets",
      "build",
      "cards",
      "v2",
      "--strategy",
      "random",
      "--val",
      "0.6",
      "--test",
      "0.6",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("error: Invalid dataset build request (HTTP 422)");
    expect(bad.stderr).toContain("  split/val: val + test must be at most 1");
    expect(bad.stderr).toContain("  seed: Random selection strategy requires a seed");
  });

  it("rejects malformed flags as usage errors (exit 2)", async () => {
    const runs = await Promise.all([
      h.cli(["datasets", "build", "x", "v1", "--meta", "difficulty"]),
      h.cli(["datasets", "build", "x", "v1", "--val", "1.5"]),
      h.cli(["datasets", "build", "x", "v1", "--limit", "100001"]),
      h.cli(["datasets", "build", "x"]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs[0]!.stderr).toContain("expected key=value");
  });
});

describe("datasets list and show", () => {
  it("lists datasets newest first, filtered by name, one page or all", async () => {
    const r = await h.cli(["datasets", "list"]);
    expect(r.code).toBe(0);
    const [header, ...rows] = lines(r.stdout);
    expect(header).toMatch(/^KEY\s+CREATED \(UTC\)\s+TRACES\s+SPLITS\s+HASH$/);
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(["cards-v1", "arith-v1"]);
    const named = await h.cli(["datasets", "list", "--name", "arith", "--all", "--json"]);
    const all = ListDatasetsResponse.parse(JSON.parse(named.stdout));
    expect(all.data.map((d) => d.dataset_key)).toEqual(["arith-v1"]);
  });

  it("shows selection, split sizes and statistics", async () => {
    const r = await h.cli(["datasets", "show", "arith-v1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dataset arith-v1\n/);
    expect(r.stdout).toMatch(/selection\s+latest, limit 1,000\n/);
    expect(r.stdout).toMatch(/filters\s+source = arithmetic · meta\.difficulty = 2 · meta\.seed = 1\n/);
    expect(r.stdout).toMatch(/split\s+val 0\.2, test 0\.2, split seed 3\n/);
    expect(r.stdout).toMatch(/steps per trace\s+mean \d/);
    const json = await h.cli(["datasets", "show", "arith-v1", "--json"]);
    expect(DatasetDetail.parse(JSON.parse(json.stdout)).trace_count).toBe(30);
  });

  it("shows a token histogram with the max_seq_length line and the truncated count", async () => {
    const json = await h.cli([
      "datasets",
      "show",
      "arith-v1",
      "--tokens",
      "--max-seq-length",
      "80",
      "--json",
    ]);
    expect(json.code).toBe(0);
    const { tokens } = JSON.parse(json.stdout) as { tokens: unknown };
    const t = DatasetTokensResponse.parse(tokens);
    expect(t.example_count).toBe(30);
    const r = await h.cli(["datasets", "show", "arith-v1", "--max-seq-length", "80", "--bins", "8"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Tokens per example  (30 examples)");
    expect(r.stdout).toMatch(new RegExp(`truncated\\s+${t.truncated_count} examples? \\(`));
    expect(r.stdout).toMatch(/max_seq_length 80: (longer examples are truncated|every example fits)/);
    const bins = lines(r.stdout).filter((l) => /^\s+\d+(\.\d)? – \d+(\.\d)?\s+│/.test(l));
    expect(bins).toHaveLength(8);
    const total = bins.reduce((n, l) => n + Number(/(\d+)(?: {2}←.*)?$/.exec(l)![1]), 0);
    expect(total).toBe(30);
  });

  it("shows rendered examples with the masked prompt and trained completion marked", async () => {
    const r = await h.cli(["datasets", "show", "arith-v1", "--examples", "2", "--split", "val"]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^example \d\/2 · trace [0-9a-f-]{36} · val · /gm)).toHaveLength(2);
    expect(r.stdout).toContain("  ░ <start_of_turn>user\n");
    expect(r.stdout).toContain("  ░ <start_of_turn>model\n");
    expect(r.stdout).toMatch(/ {2}█ Reasoning:\n/);
    expect(r.stdout).toMatch(/ {2}█ Answer: -?\d+<end_of_turn>\n/);
    expect(r.stdout).not.toContain("\u001b");
    const colored = await h.cli(["datasets", "show", "arith-v1", "--examples", "1", "--style", "tagged"], {
      env: { FORCE_COLOR: "1" },
    });
    expect(colored.stdout).toContain("\u001b[2m<start_of_turn>user\u001b[22m");
    expect(colored.stdout).toContain("\u001b[1;32m<reasoning>");
  });

  it("fails clearly for an unknown dataset", async () => {
    const r = await h.cli(["datasets", "show", "nope-v1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: Dataset not found: nope-v1 (HTTP 404)\n");
  });
});

describe("datasets export", () => {
  it("writes every line to a file, and tunix_sft lines hold the Gemma turns", async () => {
    const out = join(h.dir, "arith.jsonl");
    const r = await h.cli(["datasets", "export", "arith-v1", "--format", "tunix_sft", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^exported 30 lines \\(tunix_sft, [\\d.]+ KB\\) to ${out} in \\d+s\\n$`),
    );
    const written = lines(readFileSync(out, "utf8"));
    expect(written).toHaveLength(30);
    for (const l of written) {
      const rec = JSON.parse(l) as { text?: string };
      expect(l).toContain("<start_of_turn>model");
      expect(rec).toBeTypeOf("object");
    }
  });

  it("exports one split, the count matching the split size, with a JSON summary", async () => {
    const detail = await h.client.datasets.get("arith-v1");
    const out = join(h.dir, "val.jsonl");
    writeFileSync(out, "stale content\n");
    const r = await h.cli([
      "datasets",
      "export",
      "arith-v1",
      "--format",
      "chat",
      "--split",
      "val",
      "--system",
      "Think step by step.",
      "-o",
      out,
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      dataset_key: "arith-v1",
      format: "chat",
      split: "val",
      path: out,
      lines: detail.split_counts.val,
    });
    const written = lines(readFileSync(out, "utf8")).map(
      (l) => JSON.parse(l) as { messages: Array<{ role: string; content: string }> },
    );
    expect(written).toHaveLength(detail.split_counts.val!);
    expect(written[0]!.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
    expect(written[0]!.messages[0]!.content).toBe("Think step by step.");
  });

  it("streams to stdout, with the summary on stderr", async () => {
    const r = await h.cli(["datasets", "export", "cards-v1", "--format", "training_example"]);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(10);
    for (const l of out) expect(() => JSON.parse(l)).not.toThrow();
    expect(r.stderr).toMatch(/^exported 10 lines \(training_example, .+\) to stdout in \d+s\n$/);
    const dash = await h.cli(["datasets", "export", "cards-v1", "-o", "-", "--json"]);
    expect(lines(dash.stdout)).toHaveLength(10);
    expect(dash.stderr).toBe("");
  });

  it("writes through symlinks and into FIFOs in place instead of replacing them", async () => {
    const real = join(h.dir, "real.jsonl");
    const link = join(h.dir, "link.jsonl");
    writeFileSync(real, "");
    symlinkSync(real, link);
    expect((await h.cli(["datasets", "export", "cards-v1", "-o", link])).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lines(readFileSync(real, "utf8"))).toHaveLength(10);

    const fifo = join(h.dir, "pipe.jsonl");
    execFileSync("mkfifo", [fifo]);
    const [run, text] = await Promise.all([
      h.cli(["datasets", "export", "cards-v1", "-o", fifo]),
      readFile(fifo, "utf8"),
    ]);
    expect(run.code).toBe(0);
    expect(lines(text)).toHaveLength(10);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("leaves no file behind when the export fails", async () => {
    const out = join(h.dir, "missing.jsonl");
    const r = await h.cli(["datasets", "export", "nope-v1", "-o", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: Dataset not found: nope-v1 (HTTP 404)\n");
    expect(() => readFileSync(out)).toThrow();
    const noDir = await h.cli(["datasets", "export", "cards-v1", "-o", join(h.dir, "no", "such", "x.jsonl")]);
    expect(noDir.code).toBe(1);
    expect(noDir.stderr).toContain("no such directory");
  });
});

describe("datasets delete", () => {
  it("deletes a dataset; showing it afterwards fails with 404", async () => {
    const r = await h.cli(["datasets", "delete", "cards-v1"]);
    expect(r).toMatchObject({ code: 0, stdout: "deleted cards-v1\n", stderr: "" });
    const show = await h.cli(["datasets", "show", "cards-v1"]);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain("(HTTP 404)");
    const again = await h.cli(["datasets", "delete", "cards-v1", "--json"]);
    expect(again.code).toBe(1);
    const json = await h.cli(["datasets", "delete", "arith-v1", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({ dataset_key: "arith-v1", deleted: true });
  });
});

describe("datasets export against a broken stream", () => {
  let fake: Server;
  let url: string;
  beforeAll(async () => {
    // Promises 5 lines; /short ends cleanly after 3, /cut drops the connection after 3.
    fake = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson", "x-trace-count": "5" });
      res.write('{"n":1}\n{"n":2}\n{"n":3}\n');
      if (req.url?.startsWith("/api/datasets/short/")) res.end();
      else setTimeout(() => res.socket?.destroy(), 50);
    });
    await new Promise<void>((done) => fake.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => fake.close(() => done())));

  it("fails and keeps no file when fewer lines arrive than x-trace-count promised", async () => {
    for (const key of ["short", "cut"]) {
      const out = join(h.dir, `${key}.jsonl`);
      const r = await h.cli(["datasets", "export", key, "-o", out], { server: url });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        key === "short" ? /^error: the export ended after 3 of 5 lines; nothing was kept\n$/ : /^error: /,
      );
      expect(readdirSync(h.dir).filter((f) => f.includes(key))).toEqual([]);
    }
  });
});
