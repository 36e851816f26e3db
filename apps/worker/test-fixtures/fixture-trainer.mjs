#!/usr/bin/env node
// A trainer for testing the run engine: it honours the trainer contract (run.json, stdout/stderr
// logs, metrics.jsonl, checkpoints/<step>/, SIGTERM → checkpoint → exit) and misbehaves on request.
// Behaviour comes from run.json's trainer_options:
//   lines (how many log lines), interval_ms (between lines), stderr_every (every Nth line to stderr),
//   exit_code, ignore_sigterm, checkpoint_every, crash_at (line number: exit 3 there),
//   partial (write a line with no newline at the end), long_line (chars), marker_file (append run id).
// `predict` (the contract's predict mode) is in fixture-predict.mjs.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
if (args[0] === "predict") {
  const { predict } = await import("./fixture-predict.mjs");
  await predict(args);
}
if (args[0] !== "train") {
  console.error(`usage: fixture-trainer train|predict --run-dir DIR (got ${args.join(" ")})`);
  process.exit(2);
}
const runDir = args[args.indexOf("--run-dir") + 1];
const run = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
const o = run.trainer_options ?? {};
const lines = o.lines ?? 5;
const interval = o.interval_ms ?? 0;
let step = 0;
if (run.resume_from_path) {
  step = Number(readFileSync(join(run.resume_from_path, "step.txt"), "utf8"));
  console.log(`resuming from step ${step}`);
}
if (o.marker_file) appendFileSync(o.marker_file, `${run.run_id} ${process.pid}\n`);
const train = readFileSync(join(runDir, run.data.train), "utf8").trim().split("\n").filter(Boolean);
console.log(`training on ${train.length} examples`);

function checkpoint() {
  const dir = join(runDir, "checkpoints", String(step));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "step.txt"), String(step));
}

process.on("SIGTERM", () => {
  if (o.ignore_sigterm) {
    console.log("ignoring SIGTERM");
    return;
  }
  checkpoint();
  console.log(`SIGTERM: saved checkpoint at step ${step}`);
  process.exit(143);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (let i = 1; i <= lines; i++) {
  step++;
  if (o.crash_at === i) {
    console.error(`crashing at line ${i}`);
    process.exit(3);
  }
  const text = `line ${i} step ${step} t=${Date.now()}`;
  if (o.stderr_every && i % o.stderr_every === 0) console.error(text);
  else console.log(text);
  appendFileSync(
    join(runDir, "metrics.jsonl"),
    `${JSON.stringify({ step, name: "train/loss", value: 10 / step, t: Date.now() / 1000 })}\n`,
  );
  if (o.checkpoint_every && step % o.checkpoint_every === 0) checkpoint();
  if (interval) await sleep(interval);
}
if (o.long_line) console.log("x".repeat(o.long_line));
if (o.partial) process.stdout.write("no newline at the end");
if (o.hang) await sleep(1e9);
process.exitCode = o.exit_code ?? 0;
