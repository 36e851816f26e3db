#!/usr/bin/env node
// A trainer for supervision tests: reports what it was given (argv, cwd, environment) and starts a
// grandchild process in its own process group that outlives it unless the worker kills the group.
// trainer_options: wait (stay up until SIGTERM; default: exit at once, leaving the grandchild).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const runDir = args[args.indexOf("--run-dir") + 1];
const run = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
const o = run.trainer_options ?? {};
console.log(`args: ${JSON.stringify(args)}`);
console.log(`cwd: ${process.cwd()}`);
console.log(`env: ${Object.keys(process.env).sort().join(",")}`);
const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
child.unref();
console.log(`grandchild ${child.pid}`);
if (o.wait) {
  process.on("SIGTERM", () => {
    console.log("SIGTERM: exiting, leaving the grandchild behind");
    process.exit(143);
  });
  setInterval(() => {}, 1000);
}
