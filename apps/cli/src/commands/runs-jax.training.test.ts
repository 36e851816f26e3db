// Training for real from the command line: `tunix-rt runs …` as child processes against a server
// whose in-process worker runs the Python jax trainer (npm test creates .venv first). A run with
// the trainer's preset, cancelled mid-training (it saves a checkpoint on SIGTERM), then a new run
// resumed from that checkpoint, followed live to its end.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { RunDetail, RunMetricsResponse } from "@tunix-rt/contracts";
import { findHome } from "@tunix-rt/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRunServer, waitForLog } from "../../../server/src/run-testing.js";
import { runCli } from "./test-harness.js";

const PROJECT_ROOT = findHome();

const PYTHON = join(PROJECT_ROOT, ".venv", "bin", "python");

describe.skipIf(!existsSync(PYTHON))("training with the jax trainer from the CLI", () => {
  let s: Awaited<ReturnType<typeof startRunServer>>;
  const cli = (args: string[]) => runCli(args, { server: s.url, env: { NO_COLOR: "1" } });

  beforeAll(async () => {
    // The grace lets the trainer finish writing its SIGTERM checkpoint.
    s = await startRunServer({ cancelGraceSeconds: 30 });
    const gen = await cli(["generate", "arithmetic", "--count", "60", "--seed", "5", "--difficulty", "1"]);
    expect(gen.code, gen.stderr).toBe(0);
    const build = await cli(["datasets", "build", "cli-jax", "v1", "--source", "arithmetic", "--val", "0.2"]);
    expect(build.code, build.stderr).toBe(0);
  });
  afterAll(() => s.close());

  it("`tunix-rt trainers` says what the server's host can run, and why not", async () => {
    const json = JSON.parse((await cli(["trainers", "--json"])).stdout);
    expect(json.backends.jax.available).toBe(true);
    const r = await cli(["trainers"]);
    expect(r.code, r.stderr).toBe(0);
    const [jax, tunix] = r.stdout.trimEnd().split("\n");
    expect(jax).toMatch(/^jax +available +\d+\.\d+\.\d+ +on \w+:\d.* models: micro, tiny, small, base$/);
    // Where Tunix is not installed (as on CI), the line says so and how to install it.
    if (json.backends.tunix.available) expect(tunix).toMatch(/^tunix +available /);
    else expect(tunix).toMatch(/^tunix +unavailable the tunix package is not installed; install Tunix/);
  });

  it("submit with the trainer's preset → cancel (checkpoint saved) → a new run resumes from it, followed to its end", async () => {
    const common = [
      "--dataset",
      "cli-jax-v1",
      "--trainer",
      "jax",
      "--batch-size",
      "8",
      "--max-seq-length",
      "128",
    ];
    // micro keeps CPU steps short; the learning rate is left to the jax preset (2e-3).
    const sub = await cli([
      "runs",
      "submit",
      ...common,
      "--model",
      "micro",
      "--max-steps",
      "1000000",
      "--json",
    ]);
    expect(sub.code, sub.stderr).toBe(0);
    const first = RunDetail.parse(JSON.parse(sub.stdout));
    expect(first.config.learning_rate).toBe(2e-3);

    await waitForLog(s.api, first.run_id, (l) => /^step 20\/1000000 loss /.test(l), 300_000);
    const cancel = await cli(["runs", "cancel", first.run_id, "--wait", "--json"]);
    expect(cancel.code, cancel.stderr).toBe(0);
    const cancelled = RunDetail.parse(JSON.parse(cancel.stdout));
    expect(cancelled.status).toBe("cancelled");
    const saved = Number(/^checkpoints\/(\d+)$/.exec(cancelled.resumable_from ?? "")?.[1]);
    expect(saved).toBeGreaterThanOrEqual(20);
    expect(cancelled.stdout).toContain(
      `stopped by signal at step ${saved}; checkpoint checkpoints/${saved} saved`,
    );

    const resumed = await cli(
      ["runs", "submit", ...common, "--model", "micro", "--max-steps", String(saved + 10)].concat([
        "--resume-from",
        first.run_id,
        "--follow",
      ]),
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`resumed from`);
    expect(resumed.stdout).toContain(`at step ${saved}`);
    expect(resumed.stdout).toMatch(new RegExp(`^step ${saved + 10}/${saved + 10} loss `, "m"));
    expect(resumed.stderr).toMatch(/run \S+ completed/);
    const second = /run (\S+) completed/.exec(resumed.stderr)![1]!;

    const metrics = await cli(["runs", "metrics", second, "--json"]);
    expect(metrics.code, metrics.stderr).toBe(0);
    const series = RunMetricsResponse.parse(JSON.parse(metrics.stdout)).series;
    const loss = series.find((x) => x.name === "train/loss")!;
    // The step count continues where the cancelled run stopped.
    expect(loss.points.at(-1)!.step).toBe(saved + 10);
    expect(loss.points[0]!.step).toBeGreaterThan(saved);
  }, 600_000);
});
