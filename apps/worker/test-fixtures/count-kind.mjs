#!/usr/bin/env node
// The process of a made-up run kind ("count") that tests register to prove the executor seam:
//   count-kind.mjs count --run-dir DIR
// reads DIR/count.json {"n", "interval_ms", "skip_result"}, prints "tick i" n times, then writes
// DIR/counted.txt (unless skip_result). On SIGTERM it writes partial.txt and exits 143.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
if (args[0] !== "count") {
  console.error(`usage: count-kind count --run-dir DIR (got ${args.join(" ")})`);
  process.exit(2);
}
const dir = args[args.indexOf("--run-dir") + 1];
const job = JSON.parse(readFileSync(join(dir, "count.json"), "utf8"));
let i = 0;
process.on("SIGTERM", () => {
  writeFileSync(join(dir, "partial.txt"), String(i));
  console.log(`stopped at ${i}`);
  process.exit(143);
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (i = 1; i <= job.n; i++) {
  console.log(`tick ${i}`);
  await sleep(job.interval_ms ?? 0);
}
if (!job.skip_result) writeFileSync(join(dir, "counted.txt"), String(job.n));
