#!/usr/bin/env node
// A trainer that writes "line N" every interval_ms until the file trainer_options.stop_file
// exists, then writes trainer_options.after more lines and exits 0, so a test decides when a
// run ends instead of guessing how long the machine needs for what it does meanwhile.
// pad: that many "." appended to each line (volume without more lines); marker_file: appends
// "<run_id> <pid>" on start, like fixture-trainer.mjs.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const runDir = args[args.indexOf("--run-dir") + 1];
const run = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
const o = run.trainer_options ?? {};
if (o.marker_file) appendFileSync(o.marker_file, `${run.run_id} ${process.pid}\n`);
const interval = o.interval_ms ?? 20;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pad = ".".repeat(o.pad ?? 0);
let i = 0;
let left = null;
for (;;) {
  i++;
  if (o.stderr_every && i % o.stderr_every === 0) console.error(`line ${i}${pad}`);
  else console.log(`line ${i}${pad}`);
  if (left === null && existsSync(o.stop_file)) left = o.after ?? 0;
  if (left !== null && left-- <= 0) break;
  await sleep(interval);
}
console.log("done");
