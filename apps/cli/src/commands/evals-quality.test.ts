// The real CLI against a real server with known models: leaderboard, flips, baselines and the gate's exit codes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GateResult, LeaderboardResponse } from "@tunix-rt/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQualityServer } from "../../../server/src/evals-tests/model-quality-fixture.js";
import { runCli } from "./test-harness.js";

let q: Awaited<ReturnType<typeof startQualityServer>>;
let dir: string;
const cli = (args: string[]) => runCli(["evals", ...args], { server: q.s.url });
beforeAll(async () => {
  q = await startQualityServer();
  dir = mkdtempSync(join(tmpdir(), "trt-gate-"));
}, 120_000);
afterAll(async () => {
  await q.s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("tunix-rt evals leaderboard, flips, baseline, gate", () => {
  it("prints the leaderboard as a table, and as the API's JSON", async () => {
    const r = await cli(["leaderboard", "--eval-set", "held-v1,seen-v1"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ *# +MODEL +HELD-V1 +SEEN-V1$/);
    expect(lines[1]).toMatch(/^ *1 +model B @ step 8 +80\.0% \[\d+\.\d–\d+\.\d\] n=40 +—$/);
    expect(lines[3]).toMatch(/model A @ step 8 +75\.0% \[.*\] n=40 +75\.0% \[.*\] n=\d+ ⚑\d+$/);
    expect(lines.at(-1)).toContain("⚑ items also in the model's training data");
    const later = await cli(["leaderboard", "--evaluated-after", "2999-01-01T00:00:00Z"]);
    expect(later.stdout).toBe("no evaluated models match\n");
    const json = LeaderboardResponse.parse(
      JSON.parse((await cli(["leaderboard", "--json", "--sort", "accuracy"])).stdout),
    );
    expect(json.data[0]!.model.key).toBe("base:fixture:tiny");
  });

  it("lists flips and shows one item's reasoning side by side", async () => {
    const r = await cli(["flips", q.evals.a, q.evals.b, "--change", "regressed"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^#5 regressed expected (-?\d+): ✓ \1 → ✗ -?\d+ +What is/);
    const item = await cli(["flips", q.evals.a, q.evals.b, "--item", "5"]);
    expect(item.stdout).toMatch(
      /^~ Compute the expression: -?\d+ {2}\| {2}Compute the expression: -?\d+ {2}← first divergence$/m,
    );
    const compare = await cli(["compare", q.evals.a, q.evals.b]);
    expect(compare.stdout).toMatch(
      /evidence +McNemar exact p = 0\.791; paired bootstrap \[.+\] \(2000 resamples, seed \d+\)/,
    );
  });

  it("pins a baseline and gates: exit 0 pass, 1 fail, 2 undecided, with JUnit XML", async () => {
    const set = await cli([
      "baseline",
      "set",
      "ci",
      "--model",
      q.runs.a,
      "--eval-set",
      "held-v1",
      "--max-drop",
      "0.02",
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe(`baseline ci: ${q.runs.a} on held-v1, allowed drop 2.0 points\n`);
    expect((await cli(["baseline", "list"])).stdout).toContain("ci  ");

    const junit = join(dir, "gate.xml");
    const fail = await cli([
      "gate",
      "--candidate",
      "base:fixture:tiny",
      "--baseline",
      "ci",
      "--junit",
      junit,
    ]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/^FAIL {2}base:fixture:tiny against ci/);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('failures="1"');
    expect(xml).toMatch(/<failure message="Worse than the baseline by more than the allowed 2\.0 points/);

    const pass = await cli([
      "gate",
      "--candidate",
      `${q.runs.b}:final`,
      "--baseline",
      "ci",
      "--json",
      "--junit",
      junit,
    ]);
    expect(pass.code).toBe(0);
    expect(GateResult.parse(JSON.parse(pass.stdout)).verdict).toBe("pass");
    expect(readFileSync(junit, "utf8")).toContain('failures="0" skipped="0"');

    const strict = await cli(["gate", "--candidate", q.runs.b, "--baseline", "ci", "--require-evidence"]);
    expect(strict.code).toBe(2);
    const missing = await cli(["gate", "--candidate", `${q.runs.b}:4`, "--baseline", "ci", "--junit", junit]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/^UNDECIDED/);
    expect(readFileSync(junit, "utf8")).toContain("<skipped message=");
    const unknown = await cli(["gate", "--candidate", q.runs.b, "--baseline", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("No regression baseline named nope");
    expect((await cli(["baseline", "delete", "ci"])).code).toBe(0);
  });
});

describe("tunix-rt models", () => {
  const models = (args: string[]) => runCli(["models", ...args], { server: q.s.url });

  it("promotes (idempotently), shows lineage, moves aliases and downloads a tar", async () => {
    const empty = await models(["list"]);
    expect(empty.stdout).toContain("no models registered");
    const p = await models(["promote", "cli-arith", "--run", q.runs.a, "--alias", "candidate"]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(
      /^promoted checkpoints\/8 of run \S+ as model:cli-arith@1 \(sha256 [0-9a-f]{12}, \d+ B\)\naliases: candidate\n$/,
    );
    const again = await models(["promote", "cli-arith", "--run", q.runs.a]);
    expect(again.stdout).toMatch(/^already registered: model:cli-arith@1 holds the same content/);
    const show = await models(["show", "cli-arith@candidate"]);
    expect(show.stdout).toContain(`from run ${q.runs.a} "model A" checkpoints/8 (fixture, tiny)`);
    expect(show.stdout).toMatch(/held-v1: 75\.0% \[.*\] n=40/);
    expect(show.stdout).toMatch(/seen-v1: 75\.0% .* ⚑\d+ seen in training/);

    await models(["promote", "cli-arith", "--run", q.runs.a, "--checkpoint", "4"]);
    const moved = await models(["alias", "cli-arith", "production", "2"]);
    expect(moved.stdout).toBe("cli-arith: candidate→1, production→2\n");
    expect((await models(["alias", "cli-arith", "candidate", "--delete"])).stdout).toBe(
      "cli-arith: production→2\n",
    );

    const out = join(dir, "m.tar");
    const dl = await models(["download", "cli-arith@production", "-o", out]);
    expect(dl.code, dl.stderr).toBe(0);
    expect(dl.stdout).toMatch(/^downloaded cli-arith@production \([\d.]+ (B|KB)\) to /);
    const tar = readFileSync(out);
    expect(tar.subarray(0, 100).toString("utf8").replace(/\0+$/, "")).toBe("cli-arith-v2/");
  });

  it("shows the best checkpoint with evidence and promotes it only with --yes", async () => {
    const look = await models(["promote", "cli-best", "--best", "held-v1"]);
    expect(look.code, look.stderr).toBe(0);
    expect(look.stdout).toMatch(/^best on held-v1 by accuracy: \S+:checkpoints\/8 {2}80\.0% \[.*\] n=40\n/);
    expect(look.stdout).toContain("(not shown to be better beyond noise)");
    expect(look.stdout).toContain("not promoted: add --yes");
    const done = await models(["promote", "cli-best", "--best", "held-v1", "--yes"]);
    expect(done.stdout).toContain("promoted as model:cli-best@1");
    const bad = await models(["show", "nothing"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("No model named nothing");
  });
});
