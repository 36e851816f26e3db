// `tunix-rt evals …` as child processes against a real server whose embedded worker runs the
// fixture trainer (its predict works the arithmetic out; `init` answers nothing).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EvaluationDetail } from "@tunix-rt/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTerminalStatus, startRunServer, waitForRun } from "../../../server/src/run-testing.js";
import { runCli } from "./test-harness.js";

let s: Awaited<ReturnType<typeof startRunServer>>;
let dir: string;
let trainId: string;
const cli = (args: string[]) => runCli(args, { server: s.url });

beforeAll(async () => {
  s = await startRunServer();
  dir = mkdtempSync(join(tmpdir(), "trt-evals-cli-"));
  await s.api("/api/generators/arithmetic/generate", {
    method: "POST",
    json: { count: 40, seed: 5, options: { difficulty: 1 } },
  });
  await s.api("/api/datasets/build", {
    method: "POST",
    json: { dataset_name: "ar", dataset_version: "v1", source: "arithmetic", limit: 40 },
  });
  const t = await s.api("/api/tunix/run?mode=async", {
    method: "POST",
    json: {
      dataset_key: "ar-v1",
      trainer: "fixture",
      model_id: "m",
      dry_run: false,
      trainer_options: { lines: 4, checkpoint_every: 2 },
    },
  });
  trainId = t.body.run_id;
  await waitForRun(s.api, trainId, isTerminalStatus);
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("tunix-rt evals", () => {
  it("builds a held-out set, evaluates a checkpoint with --follow and prints accuracy with its interval", async () => {
    const built = await cli([
      "evals",
      "sets",
      "build",
      "held",
      "v1",
      "--generator",
      "arithmetic",
      "--count",
      "25",
      "--seed",
      "5",
      "--difficulty",
      "1",
      "--exclude-dataset",
      "ar-v1",
    ]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain(
      "eval set held-v1: 25 items from generator arithmetic (seed 5), holding out dataset ar-v1",
    );
    expect(built.stderr).toMatch(/held out: skipped \d+ problems found in the excluded dataset/);

    const run = await cli(["evals", "run", "--run", trainId, "--eval-set", "held-v1", "--follow"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/accuracy +100\.0% \[\d+\.\d–100\.0%\] \(25\/25\) +\(95% Wilson interval\)/);
    expect(run.stdout).toContain("verdict       pass");
    expect(run.stdout).toMatch(/format +100\.0% in the trained numbered layout/);
    expect(run.stdout).toMatch(/cost +[\d,]+(\.\d)? output tokens per correct answer/);

    const init = await cli([
      "evals",
      "run",
      "--run",
      trainId,
      "--checkpoint",
      "init",
      "--eval-set",
      "held-v1",
      "--follow",
      "--json",
    ]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/"checkpoint": "init"/);
    const listed = await cli(["evals", "list", "--run", trainId, "--json"]);
    const evals = (JSON.parse(listed.stdout).data as EvaluationDetail[]).map((e) =>
      EvaluationDetail.parse(e),
    );
    const initEval = evals.find((e) => e.subject.checkpoint === "init")!;
    expect(initEval.summary).toMatchObject({ accuracy: 0, n: 25 });

    const wrong = await cli(["evals", "show", initEval.evaluation_id, "--wrong", "--limit", "2"]);
    expect(wrong.code).toBe(0);
    expect(wrong.stdout).toContain("accuracy      0.0% [0.0–13.3%] (0/25)");
    expect(wrong.stdout).toMatch(/✗ #0 arithmetic-5-\d+ .*\(badly formatted\)/);
    expect(wrong.stdout).toMatch(/expected -?\d+, found no answer/);
    expect(wrong.stdout).toContain("more: --limit 4");

    const finalEval = evals.find((e) => e.subject.checkpoint !== "init")!;
    const cmp = await cli(["evals", "compare", initEval.evaluation_id, finalEval.evaluation_id]);
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stdout).toContain("comparison on held-v1 (25 items answered by both)");
    expect(cmp.stdout).toMatch(
      /difference +\+100\.0 points \[\+\d+\.\d to \+100\.0\] \(95% paired interval\)/,
    );
    expect(cmp.stdout).toContain("conclusion    the candidate is better");
    expect(cmp.stdout).toContain("items         25 right only for the candidate, 0 only for the baseline");
    const mixed = await cli(["evals", "compare", initEval.evaluation_id, "not-an-id"]);
    expect(mixed.code).not.toBe(0);
    expect(mixed.stderr).toContain("Evaluation not found: not-an-id");
  });

  it("imports a set, names bad lines, and lists and shows sets", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(
      bad,
      '{"id":"a","prompt":"What is 1 + 1?","expected_answer":"2"}\n{"id":"b","prompt":"x"}\n',
    );
    const r = await cli(["evals", "sets", "import", "mine", "v1", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("line 2: expected_answer");
    const good = join(dir, "good.jsonl");
    writeFileSync(good, '{"id":"a","prompt":"What is 1 + 1?","expected_answer":"2","category":"add"}\n');
    const ok = await cli(["evals", "sets", "import", "mine", "v1", good, "--extraction", "answer_line"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("eval set mine-v1: 1 items from an imported file");
    expect(ok.stdout).toContain("answers from  answer_line");
    const list = await cli(["evals", "sets", "list"]);
    expect(list.stdout).toMatch(/^KEY +ITEMS +SOURCE/m);
    expect(list.stdout).toMatch(/^mine-v1 +1 +import/m);
    const show = await cli(["evals", "sets", "show", "mine-v1", "--items", "5"]);
    expect(show.stdout).toContain("  a: What is 1 + 1? → 2");
    const usage = await cli(["evals", "run", "--eval-set", "mine-v1"]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("say what to evaluate");
  });
});
