// `tunix-rt runs …` and `tunix-rt workers` as child processes against a real in-process server
// whose embedded worker runs the fixture trainer (apps/worker/test-fixtures/fixture-trainer.mjs).
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ListArtifactsResponse,
  ListRunsResponse,
  RunComparison,
  RunDetail,
  RunMetricsResponse,
} from "@tunix-rt/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTerminalStatus, startRunServer, waitForLog, waitForRun } from "../../../server/src/run-testing.js";
import { ROOT } from "./test-harness.js";

const BIN = join(ROOT, "apps/cli/bin/tunix-rt.js");
let s: Awaited<ReturnType<typeof startRunServer>>;
let dir: string;

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `tunix-rt ARGS --server URL` with piped stdio (no terminal). */
function start(
  args: string[],
  cwd = ROOT,
): { child: ChildProcess; done: Promise<Result>; out: () => string } {
  const child = spawn(process.execPath, [BIN, ...args, "--server", s.url], {
    cwd,
    env: { ...process.env, TUNIX_RT_SERVER: "", NO_COLOR: "", FORCE_COLOR: "" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => {
    stdout += d;
  });
  child.stderr!.on("data", (d) => {
    stderr += d;
  });
  child.stdin!.end();
  const done = new Promise<Result>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, out: () => stdout };
}
const cli = (args: string[], cwd?: string) => start(args, cwd).done;

const lines = (text: string) => text.split("\n").filter((l) => l !== "");
const FIXTURE = ["--dataset", "runs-v1", "--model", "tiny", "--trainer", "fixture"];
/** The whole stored log as the server's logs.txt has it ("[stderr] " marks, one line each). */
const logText = async (id: string) => (await fetch(`${s.url}/api/tunix/runs/${id}/logs.txt`)).text();
const submitApi = async (body: Record<string, unknown>) =>
  (
    await s.api("/api/tunix/run?mode=async", {
      method: "POST",
      json: { dataset_key: "runs-v1", model_id: "tiny", trainer: "fixture", dry_run: false, ...body },
    })
  ).body as RunDetail;
/** A port nothing listens on (taken, then released). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const srv = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
const until = async (check: () => boolean, what: string, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
  s = await startRunServer();
  dir = mkdtempSync(join(tmpdir(), "tunix-cli-runs-"));
  await s.api("/api/generators/arithmetic/generate", { method: "POST", json: { count: 30, seed: 1 } });
  await s.api("/api/datasets/build", {
    method: "POST",
    json: { dataset_name: "runs", dataset_version: "v1", source: "arithmetic", split: { val: 0.2 } },
  });
  await s.api("/api/datasets/build", {
    method: "POST",
    json: { dataset_name: "allval", dataset_version: "v1", source: "arithmetic", split: { val: 1 } },
  });
});

afterAll(async () => {
  await s?.close();
  if (s) rmSync(s.dataDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("runs submit --follow", () => {
  it("streams every line in order (stderr marked) and exits 0 when the run completes", async () => {
    const r = await cli([
      "runs",
      "submit",
      ...FIXTURE,
      "--option",
      "lines=40",
      "--option",
      "stderr_every=7",
      "--max-steps",
      "40",
      "--follow",
    ]);
    expect(r.code).toBe(0);
    const id = /submitted run (\S+) \(pending\)/.exec(r.stderr)?.[1];
    expect(id).toBeDefined();
    // stdout is the log itself, exactly as stored: every line once, in seq order.
    expect(r.stdout).toBe(await logText(id!));
    // Each stream keeps its order; seqs interleave the two as the worker read them.
    const trainer = lines(r.stdout).filter((l) => /^(\[stderr\] )?line \d+ /.test(l));
    const numbers = (ls: string[]) => ls.map((l) => Number(/line (\d+)/.exec(l)![1]));
    expect(numbers(trainer).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const err = trainer.filter((l) => l.startsWith("[stderr] "));
    expect(numbers(err)).toEqual([7, 14, 21, 28, 35]);
    expect(err[0]).toMatch(/^\[stderr\] line 7 step 7 /);
    expect(numbers(trainer.filter((l) => !l.startsWith("[stderr] ")))).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1).filter((n) => n % 7 !== 0),
    );
    expect(r.stderr).toContain(`── run ${id} running`);
    expect(lines(r.stderr).slice(-2)).toEqual([
      expect.stringMatching(new RegExp(`^run ${id} completed in \\d+\\.\\ds$`)),
      "  final metrics: train/loss 0.25",
    ]);
  });

  it("exits 1 when the run crashes, with the error and the trainer's stderr", async () => {
    const r = await cli([
      "runs",
      "submit",
      ...FIXTURE,
      "--option",
      "lines=10",
      "--option",
      "crash_at=3",
      "-f",
    ]);
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toContain("[stderr] crashing at line 3");
    expect(r.stderr).toMatch(/run \S+ failed after [\d.]+s: exit code 3/);
  });

  it("--json streams NDJSON events: submitted, status, log…, end", async () => {
    const r = await cli(["runs", "submit", ...FIXTURE, "--option", "lines=3", "--follow", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const events = lines(r.stdout).map((l) => JSON.parse(l));
    expect(events[0].event).toBe("submitted");
    expect(events.at(-1).event).toBe("end");
    expect(RunDetail.parse(events.at(-1).run).status).toBe("completed");
    const logs = events.filter((e) => e.event === "log");
    expect(logs.map((e) => e.seq)).toEqual(logs.map((_, i) => i + 1));
    expect(logs.filter((e) => /^line \d /.test(e.line))).toHaveLength(3);
    expect(events.filter((e) => e.event === "status").at(-1).status).toBe("completed");
  });
});

describe("runs submit --dry-run", () => {
  it("prints the findings; exit 0 when every check passes, 1 when one fails", async () => {
    const ok = await cli(["runs", "submit", ...FIXTURE, "--dry-run"]);
    expect(ok.code).toBe(0);
    const out = lines(ok.stdout);
    expect(out[0]).toBe("dry run of runs-v1 on tiny (trainer fixture): every check passed");
    expect(out).toContain("  ✅ dataset: runs-v1: 30 traces");
    expect(out).toContain("  ✅ trainer: fixture is offered by a live worker");

    // A dataset whose traces all went to val leaves nothing to train on.
    const bad = await cli([
      "runs",
      "submit",
      "--dataset",
      "allval-v1",
      "--model",
      "tiny",
      "--trainer",
      "fixture",
      "--dry-run",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("1 of 4 checks failed");
    expect(bad.stdout).toContain("  ✅ dataset: allval-v1: 30 traces");
    expect(bad.stdout).toMatch(/ {2}❌ token budget: 0 training examples/);

    const json = await cli(["runs", "submit", ...FIXTURE, "--dry-run", "--json"]);
    expect(json.code).toBe(0);
    const run = RunDetail.parse(JSON.parse(json.stdout));
    expect(run).toMatchObject({ mode: "dry-run", status: "completed" });
    expect(run.findings?.every((f) => f.ok)).toBe(true);
  });

  it("sends a real run without --dry-run even though the API defaults to a dry run", async () => {
    const r = await cli(["runs", "submit", ...FIXTURE, "--option", "lines=1", "--json"]);
    expect(r.code).toBe(0);
    expect(RunDetail.parse(JSON.parse(r.stdout))).toMatchObject({ mode: "local", status: "pending" });
  });
});

describe("runs cancel", () => {
  it("cancels a running run (→ cancelled, checkpoint kept); a second cancel is the server's 409", async () => {
    const sub = await cli([
      "runs",
      "submit",
      ...FIXTURE,
      "--option",
      "lines=5000",
      "--option",
      "interval_ms=20",
      "--option",
      "checkpoint_every=5000",
    ]);
    expect(sub.code).toBe(0);
    const id = /submitted run (\S+) \(pending\)/.exec(sub.stdout)![1]!;
    expect(sub.stdout).toContain(`follow its log: tunix-rt runs logs ${id} -f --server ${s.url}`);
    await waitForLog(s.api, id, (l) => l.startsWith("line 3 "));
    const c = await cli(["runs", "cancel", id]);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain(`run ${id}: cancel requested`);
    const run = await waitForRun(s.api, id, isTerminalStatus);
    expect(run.status).toBe("cancelled");
    const again = await cli(["runs", "cancel", id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("error: Run is already in terminal state: cancelled (HTTP 409)\n");
  });

  it("--wait returns once the run has stopped", async () => {
    const run = await submitApi({ trainer_options: { lines: 5000, interval_ms: 20 } });
    await waitForLog(s.api, run.run_id, (l) => l.startsWith("line 2 "));
    const c = await cli(["runs", "cancel", run.run_id, "--wait", "--json"]);
    expect(c.code).toBe(0);
    expect(RunDetail.parse(JSON.parse(c.stdout)).status).toBe("cancelled");
  });
});

describe("runs logs", () => {
  let id: string;
  beforeAll(async () => {
    id = (await submitApi({ trainer_options: { lines: 30, stderr_every: 4 } })).run_id;
    await waitForRun(s.api, id, isTerminalStatus);
  });

  it("prints the stored log, or the part after --since-seq", async () => {
    const all = await cli(["runs", "logs", id]);
    expect(all.code).toBe(0);
    expect(all.stdout).toBe(await logText(id));
    const rest = await cli(["runs", "logs", id, "--since-seq", "10"]);
    expect(lines(rest.stdout)).toEqual(lines(all.stdout).slice(10));
    const followed = await cli(["runs", "logs", id, "-f", "--since-seq", "10"]);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toBe(rest.stdout);
    const json = JSON.parse((await cli(["runs", "logs", id, "--since-seq", "25", "--json"])).stdout);
    expect(json.status).toBe("completed");
    expect(json.lines[0].seq).toBe(26);
    expect(json.next_seq).toBe(json.lines.at(-1).seq);
  });

  it("detaches on Ctrl-C without a terminal, and the printed command picks up exactly where it stopped", async () => {
    const run = await submitApi({ trainer_options: { lines: 5000, interval_ms: 10, stderr_every: 9 } });
    const f = start(["runs", "logs", run.run_id, "-f"]);
    await until(() => f.out().includes("line 20 "), "line 20");
    f.child.kill("SIGINT");
    const first = await f.done;
    expect(first.code).toBe(130);
    const resume = /tunix-rt runs logs (\S+) -f --since-seq (\d+) --server (\S+)/.exec(first.stderr);
    expect(resume?.[1]).toBe(run.run_id);
    expect(first.stderr).toContain(`detached: run ${run.run_id} is still running`);
    // The run went on meanwhile; stop it, then pick the log up from where the first follow stopped.
    await s.api(`/api/tunix/runs/${run.run_id}/cancel`, { method: "POST" });
    const second = await cli(["runs", "logs", run.run_id, "-f", "--since-seq", resume![2]!]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/run \S+ cancelled after/);
    // Together: the whole log, nothing missing, nothing twice.
    expect(first.stdout + second.stdout).toBe(await logText(run.run_id));
  });

  it.skipIf(spawnSync("script", ["--version"]).status !== 0)(
    "on a terminal, Ctrl-C asks to cancel; y cancels and follows the run to its end",
    async () => {
      // `exec`: script runs the command through $SHELL or /bin/sh; dash would stay in between and
      // die of the Ctrl-C itself (exit 130) while the CLI asks its question.
      const command = ["exec", process.execPath, BIN, "runs", "submit", ...FIXTURE]
        .concat(["--option", "lines=5000", "--option", "interval_ms=20", "--option", "checkpoint_every=5000"])
        .concat(["--follow", "--server", s.url])
        .join(" ");
      // `script` gives the CLI a pseudo-terminal; writing \x03 to it is a real Ctrl-C.
      const child = spawn("script", ["-qfec", command, "/dev/null"], {
        cwd: ROOT,
        env: { ...process.env, TUNIX_RT_SERVER: "", NO_COLOR: "1" },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      const done = new Promise<number | null>((r) => child.on("close", r));
      await until(() => out.includes("line 5 "), "line 5");
      child.stdin.write("\x03");
      await until(() => /Cancel run \S+\? \[y\/N\]/.test(out), "the question");
      child.stdin.write("y\r");
      const code = await done;
      expect(code, out).toBe(1);
      expect(out).toContain("cancel requested");
      expect(out).toMatch(/run \S+ cancelled after/);
      const id = /Cancel run (\S+)\?/.exec(out)![1]!;
      expect((await s.api(`/api/tunix/runs/${id}`)).body.status).toBe("cancelled");
    },
  );
});

describe("runs retry, show, metrics", () => {
  it("retries a cancelled run from its checkpoint (--resume)", async () => {
    const first = await submitApi({
      trainer_options: { lines: 5000, interval_ms: 15, checkpoint_every: 5000 },
    });
    await waitForLog(s.api, first.run_id, (l) => l.startsWith("line 5 "));
    await s.api(`/api/tunix/runs/${first.run_id}/cancel`, { method: "POST" });
    const cancelled = await waitForRun(s.api, first.run_id, isTerminalStatus);
    const step = Number(cancelled.resumable_from.split("/")[1]);

    const show = await cli(["runs", "show", first.run_id]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Resumable from ${cancelled.resumable_from}`);
    expect(show.stdout).toContain(`tunix-rt runs retry ${first.run_id} --resume --server ${s.url}`);
    expect(show.stdout).toMatch(/Timeline \(UTC\)\n {2}queued/);

    const r = await cli(["runs", "retry", first.run_id, "--resume"]);
    expect(r.code).toBe(0);
    const id = /retried as run (\S+) \(pending\)/.exec(r.stdout)![1]!;
    expect(r.stdout).toContain(`retry of ${first.run_id}`);
    expect(r.stdout).toContain(`resumes from ${first.run_id}/${cancelled.resumable_from}`);
    const resumed = await waitForLog(s.api, id, (l) => l.startsWith("resuming"));
    expect(resumed.line).toBe(`resuming from step ${step}`);
    await cli(["runs", "cancel", id, "--wait"]);

    // A running run cannot be retried, and one without a checkpoint cannot resume: 409s.
    const plain = await submitApi({ trainer_options: { lines: 2 } });
    await waitForRun(s.api, plain.run_id, isTerminalStatus);
    const noCheckpoint = await cli(["runs", "retry", plain.run_id, "--resume"]);
    expect(noCheckpoint.code).toBe(1);
    expect(noCheckpoint.stderr).toContain("left no checkpoint to resume from (HTTP 409)");
  });

  it("retry --follow follows the new run to its end", async () => {
    const first = await submitApi({ trainer_options: { lines: 4 } });
    await waitForRun(s.api, first.run_id, isTerminalStatus);
    const r = await cli(["runs", "retry", first.run_id, "--follow"]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).filter((l) => l.startsWith("line "))).toHaveLength(4);
    expect(r.stderr).toMatch(/retried as run \S+ \(pending\); following/);
  });

  it("summarizes metrics per series", async () => {
    const run = await submitApi({ trainer_options: { lines: 20 }, max_steps: 20 });
    await waitForRun(s.api, run.run_id, isTerminalStatus);
    const r = await cli(["runs", "metrics", run.run_id]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[1]).toMatch(/^train\/loss +0\.5 +20 +0\.5 +20 +10 +20 +█/);
    const json = RunMetricsResponse.parse(
      JSON.parse((await cli(["runs", "metrics", run.run_id, "--json"])).stdout),
    );
    expect(json.series[0]).toMatchObject({ name: "train/loss", total_points: 20 });
    const none = await cli(["runs", "metrics", run.run_id, "--names", "eval/loss"]);
    expect(none.stdout).toBe("no metrics recorded (yet)\n");
  });

  it("compares runs: the settings that differ, then final and best metrics", async () => {
    const a = await submitApi({ trainer_options: { lines: 10 }, learning_rate: 0.004 });
    const b = await submitApi({ trainer_options: { lines: 20 }, learning_rate: 0.004 });
    for (const r of [a, b]) await waitForRun(s.api, r.run_id, isTerminalStatus);
    const r = await cli(["runs", "compare", a.run_id, b.run_id]);
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout);
    // Submitted together, the runs may share the 8-character time prefix: then the last 4 are added.
    const col = (id: string) =>
      a.run_id.slice(0, 8) === b.run_id.slice(0, 8) ? `${id.slice(0, 8)}…${id.slice(-4)}` : id.slice(0, 8);
    expect(out[0]).toMatch(new RegExp(`^RUN +${col(a.run_id)} +${col(b.run_id)}$`));
    expect(out).toContain("Settings that differ");
    expect(out).toContainEqual(expect.stringMatching(/^trainer_options\.lines +10 +20$/));
    expect(out.some((l) => l.startsWith("learning_rate"))).toBe(false);
    expect(out).toContainEqual(
      expect.stringMatching(/^ +\(\d+ more settings are the same in every run; --all-params/),
    );
    expect(out).toContainEqual(expect.stringMatching(/^train\/loss ↓ +1 +0\.5$/));
    const all = lines((await cli(["runs", "compare", a.run_id, b.run_id, "--all-params"])).stdout);
    expect(all).toContainEqual(expect.stringMatching(/^learning_rate +0\.004 +0\.004$/));
    const json = RunComparison.parse(
      JSON.parse((await cli(["runs", "compare", a.run_id, b.run_id, "--json"])).stdout),
    );
    expect(json.runs.map((x) => x.run_id)).toEqual([a.run_id, b.run_id]);
    const named = await cli(["runs", "rename", a.run_id, "short one"]);
    expect(named.stdout).toBe(`run ${a.run_id} is now named "short one"\n`);
    expect(lines((await cli(["runs", "show", a.run_id])).stdout)).toContainEqual(
      expect.stringMatching(/^ +name +short one$/),
    );
    expect(lines((await cli(["runs", "compare", a.run_id, b.run_id])).stdout)).toContainEqual(
      expect.stringMatching(/^name +short one +-$/),
    );
    const blank = await cli(["runs", "rename", a.run_id, "  "]);
    expect([blank.code, blank.stderr]).toEqual([
      2,
      "error: the name is blank; leave NAME out to clear the run's name\n",
    ]);
    expect((await cli(["runs", "rename", a.run_id])).stdout).toBe(`run ${a.run_id} has no name now\n`);
    const one = await cli(["runs", "compare", a.run_id]);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain("name at least two runs");
  });
});

describe("runs artifacts and download", () => {
  let run: RunDetail;
  beforeAll(async () => {
    const sub = await submitApi({ trainer_options: { lines: 10, checkpoint_every: 5 }, max_steps: 10 });
    run = await waitForRun(s.api, sub.run_id, isTerminalStatus);
  });

  it("lists the run's files", async () => {
    const r = await cli(["runs", "artifacts", run.run_id]);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^PATH +SIZE {2}MODIFIED \(UTC\)$/);
    expect(out.some((l) => /^checkpoints\/10\/ +\d+ B/.test(l))).toBe(true);
    expect(out.some((l) => /^checkpoints\/10\/step\.txt +2 B/.test(l))).toBe(true);
    expect(out.some((l) => l.startsWith("run.json "))).toBe(true);
    const json = ListArtifactsResponse.parse(
      JSON.parse((await cli(["runs", "artifacts", run.run_id, "--json", "--hash"])).stdout),
    );
    const runJson = json.artifacts.find((a) => a.path === "run.json")!;
    expect(runJson.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("downloads a file (to its own name, to -o FILE, to stdout) and a directory as a tar", async () => {
    const onDisk = readFileSync(join(run.output_dir, "run.json"), "utf8");
    const out = join(dir, "config.json");
    const [named, toFile, toStdout, tar, one] = await Promise.all([
      cli(["runs", "download", run.run_id, "run.json"], dir),
      cli(["runs", "download", run.run_id, "run.json", "-o", out, "--json"]),
      cli(["runs", "download", run.run_id, "run.json", "-o", "-"]),
      // As `runs artifacts` prints it: a trailing slash is fine.
      cli(["runs", "download", run.run_id, "checkpoints/"], dir),
      cli(["runs", "download", run.run_id, "checkpoints/10", "-o", join(dir, "ten.tar")]),
    ]);
    expect(named.code).toBe(0);
    expect(named.stdout).toMatch(/^downloaded run\.json: [\d.]+ (B|KB) to run\.json in/);
    expect(readFileSync(join(dir, "run.json"), "utf8")).toBe(onDisk);

    expect(JSON.parse(toFile.stdout)).toMatchObject({ path: "run.json", type: "file", output: out });
    expect(readFileSync(out, "utf8")).toBe(onDisk);

    expect(toStdout.stdout).toBe(onDisk);
    expect(toStdout.stderr).toMatch(/^downloaded run\.json: .* to stdout/);

    expect(tar.code).toBe(0);
    expect(tar.stdout).toMatch(/^downloaded checkpoints \(directory, as tar\): .* to checkpoints\.tar/);
    const members = execFileSync("tar", ["-tf", join(dir, "checkpoints.tar")], { encoding: "utf8" });
    expect(lines(members).sort()).toEqual(
      [
        "checkpoints/",
        "checkpoints/10/",
        "checkpoints/10/step.txt",
        "checkpoints/5/",
        "checkpoints/5/step.txt",
      ].sort(),
    );
    expect(one.code).toBe(0);
    expect(lines(execFileSync("tar", ["-tf", join(dir, "ten.tar")], { encoding: "utf8" }))).toEqual([
      "10/",
      "10/step.txt",
    ]);
  });

  it("streams a large file intact", async () => {
    const weights = randomBytes(12 * 1024 * 1024 + 7);
    mkdirSync(join(run.output_dir, "model"), { recursive: true });
    writeFileSync(join(run.output_dir, "model", "weights.bin"), weights);
    const r = await cli(["runs", "download", run.run_id, "model/weights.bin"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^downloaded model\/weights\.bin: 12 MB to weights\.bin in/);
    expect(readFileSync(join(dir, "weights.bin")).equals(weights)).toBe(true);
  });

  it("refuses missing and outside paths with the server's answer, leaving no file", async () => {
    const missing = await cli(["runs", "download", run.run_id, "nope.bin"], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/\(HTTP 404\)/);
    // The server refuses what would leave the run directory (here a backslash traversal) …
    const outside = await cli(["runs", "download", run.run_id, "..\\..\\secret", "-o", join(dir, "x")]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/\(HTTP 400\)/);
    expect(() => readFileSync(join(dir, "x"))).toThrow();
    // … and the CLI refuses dot segments itself (fetch would silently resolve them away).
    const dots = await cli(["runs", "download", run.run_id, "../../etc/passwd"], dir);
    expect(dots.code).toBe(2);
    expect(dots.stderr).toContain("relative to the run directory");
  });
});

describe("runs list and workers", () => {
  it("filters by status, label, mode and dataset; --all walks every page", async () => {
    // A label no worker serves keeps the run pending.
    const labelled = await cli([
      "runs",
      "submit",
      ...FIXTURE,
      "--label",
      "needs-gpu",
      "--priority",
      "-5",
      "--json",
    ]);
    const pending = RunDetail.parse(JSON.parse(labelled.stdout));
    expect(pending).toMatchObject({ status: "pending", labels: ["needs-gpu"], priority: -5 });

    const byLabel = await cli(["runs", "list", "--label", "needs-gpu"]);
    expect(lines(byLabel.stdout)).toEqual([
      expect.stringMatching(/^RUN ID +STATUS +CREATED \(UTC\) +TIME +DATASET +MODEL$/),
      expect.stringMatching(
        new RegExp(
          `^${pending.run_id} +pending #\\d+ +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +- +runs-v1 +tiny$`,
        ),
      ),
    ]);
    const cancelled = await cli(["runs", "cancel", pending.run_id]);
    expect(cancelled.stdout).toContain(`run ${pending.run_id} cancelled before it started`);

    const total = (await s.api("/api/tunix/runs?limit=100")).body.data.length;
    const [failedOut, dryOut, noneOut, paged, allOut] = await Promise.all([
      cli(["runs", "list", "--status", "failed", "--mode", "local", "--json"]),
      cli(["runs", "list", "--mode", "dry-run", "--json"]),
      cli(["runs", "list", "--dataset", "nope-v1"]),
      cli(["runs", "list", "--limit", "2"]),
      cli(["runs", "list", "--all", "--limit", "3", "--json"]),
    ]);
    const failed = ListRunsResponse.parse(JSON.parse(failedOut.stdout));
    expect(failed.data.length).toBeGreaterThan(0);
    expect(failed.data.every((r) => r.status === "failed" && r.mode === "local")).toBe(true);
    const dry = ListRunsResponse.parse(JSON.parse(dryOut.stdout));
    expect(dry.data.length).toBeGreaterThanOrEqual(3);
    expect(dry.data.every((r) => r.mode === "dry-run")).toBe(true);
    expect(noneOut.stdout).toBe("no runs match\n");
    expect(paged.stdout).toMatch(/more runs: add --cursor \S+ for the next page, or --all for every page/);
    const all = ListRunsResponse.parse(JSON.parse(allOut.stdout));
    expect(all.data).toHaveLength(total);
    expect(new Set(all.data.map((r) => r.run_id)).size).toBe(total);
  });

  it("sorts by any config field (--sort), runs without it last; a bad sort is named", async () => {
    for (const lr of ["0.003", "0.001", "0.002"])
      expect((await cli(["runs", "submit", ...FIXTURE, "--dry-run", "--learning-rate", lr])).code).toBe(0);
    const out = await cli(["runs", "list", "--sort", "-config:learning_rate", "--all", "--json"]);
    const runs = ListRunsResponse.parse(JSON.parse(out.stdout)).data;
    const lrs = runs.map((r) => r.config.learning_rate as number | undefined);
    const given = lrs.filter((v) => v !== undefined);
    expect(given.length).toBeGreaterThanOrEqual(3);
    expect(lrs.slice(0, given.length)).toEqual(given);
    expect(given).toEqual([...given].sort((a, b) => b - a));
    const bad = await cli(["runs", "list", "--sort", "colour"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("query/sort");
  });

  it("lists the workers", async () => {
    const r = await cli(["workers"]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[0]).toMatch(/^WORKER +HOST +STATE +RUNS +HEARTBEAT +TRAINERS +LABELS$/);
    expect(lines(r.stdout)[1]).toMatch(/ live +\d\/\d+ +\d+s ago +.*fixture/);
    const json = JSON.parse((await cli(["workers", "--json"])).stdout);
    expect(json.data[0]).toMatchObject({ alive: true, trainers: expect.arrayContaining(["fixture"]) });
  });
});

describe("errors", () => {
  it("404 for an unknown run or dataset, 422 naming each bad field, 2 for usage mistakes", async () => {
    const unknown = "0190c2a0-0000-7000-8000-00000000dead";
    const [show, logs, noDataset, invalid, badTrainer] = await Promise.all([
      cli(["runs", "show", unknown]),
      cli(["runs", "logs", unknown, "-f"]),
      cli(["runs", "submit", "--dataset", "nope-v1", "--model", "tiny"]),
      cli([
        "runs",
        "submit",
        ...FIXTURE,
        "--learning-rate",
        "5",
        "--batch-size",
        "0",
        "--label",
        "has space",
      ]),
      cli(["runs", "submit", "--dataset", "runs-v1", "--model", "m", "--trainer", "nope"]),
    ]);
    expect(show.code).toBe(1);
    expect(show.stderr).toBe(`error: Tunix run not found: ${unknown} (HTTP 404)\n`);
    expect(logs.code).toBe(1);
    expect(logs.stderr).toContain("(HTTP 404)");
    expect(noDataset.code).toBe(1);
    expect(noDataset.stderr).toMatch(/^error: .*nope-v1.* \(HTTP 404\)\n$/);
    expect(invalid.code).toBe(1);
    const err = lines(invalid.stderr);
    expect(err[0]).toBe("error: Invalid run request (HTTP 422)");
    expect(
      err
        .slice(1)
        .map((l) => l.trim().split(":")[0])
        .sort(),
    ).toEqual(["batch_size", "labels/0", "learning_rate"]);
    expect(badTrainer.code).toBe(1);
    expect(badTrainer.stderr).toMatch(/Unknown trainer nope \(HTTP 422\)\n {2}trainer: must be one of: /);

    const usage = [
      ["runs", "submit", "--model", "tiny"],
      ["runs", "submit", ...FIXTURE, "--option", "lines"],
      ["runs", "submit", ...FIXTURE, "--batch-size", "1.5"],
      ["runs", "list", "--status", "finished"],
      ["runs", "logs", unknown, "--since-seq", "-1"],
    ];
    const results = await Promise.all(usage.map((args) => cli(args)));
    results.forEach((r, i) => {
      expect(r.code, usage[i]!.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
    });
    const closed = await closedPort();
    const unreachable = spawnSync(
      process.execPath,
      [BIN, "runs", "list", "--server", `http://127.0.0.1:${closed}`],
      {
        encoding: "utf8",
        env: { ...process.env, TUNIX_RT_SERVER: "" },
      },
    );
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain(`cannot reach tunix-rt at http://127.0.0.1:${closed}`);
  });
});
