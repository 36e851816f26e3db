// `predict` for the fixture trainer: the trainer contract's predict mode, with behaviour from
// run.json's trainer_options:
//   predict_mode: "solve" (default: work out "What is <expression>?" and answer in the numbered
//     layout), "wrong" (always answers 0), "unformatted" (the right number, no layout);
//   predict_wrong_every (with "solve": every Nth prompt, counting from predict_wrong_offset, gets a
//     wrong answer, so two models differ on known items), predict_interval_ms (per prompt),
//   predict_exit_code, predict_skip_last (one prediction short).
// `--checkpoint init` answers nothing, as an untrained model would. Progress goes to metrics.jsonl.
import { appendFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function solve(prompt) {
  const m = /What is ([\d\s()+*-]+)\?/.exec(prompt);
  if (!m) return null;
  return Function(`"use strict"; return (${m[1]});`)();
}

export async function predict(args) {
  const arg = (name) => args[args.indexOf(name) + 1];
  const runDir = arg("--run-dir");
  const run = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
  const o = run.trainer_options ?? {};
  const mode = o.predict_mode ?? "solve";
  const init = arg("--checkpoint") === "init";
  const input = join(runDir, arg("--input"));
  const output = join(runDir, arg("--output"));
  const prompts = readFileSync(input, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  process.on("SIGTERM", () => {
    console.log("SIGTERM: stopping predict");
    process.exit(143);
  });
  console.log(`predicting ${prompts.length} prompts with ${arg("--checkpoint")} (mode ${mode})`);
  const lines = [];
  const n = o.predict_skip_last ? prompts.length - 1 : prompts.length;
  for (let i = 0; i < n; i++) {
    const { id, prompt } = prompts[i];
    const value = solve(prompt);
    let text = "   ";
    if (!init && value !== null) {
      if (mode === "wrong") text = "Reasoning:\n1. Guess\nAnswer: 0";
      else if (mode === "unformatted") text = `it is ${value}`;
      else if (o.predict_wrong_every && (i - (o.predict_wrong_offset ?? 0)) % o.predict_wrong_every === 0)
        text = `Reasoning:\n1. Compute the expression: ${value + 1}\nAnswer: ${value + 1}`;
      else text = `Reasoning:\n1. Compute the expression: ${value}\nAnswer: ${value}`;
    }
    lines.push(JSON.stringify({ id, prediction: text, output_tokens: text.length, latency_ms: 1 }));
    const done = i + 1;
    appendFileSync(
      join(runDir, "metrics.jsonl"),
      `${JSON.stringify({ step: done, name: "predict/items_done", value: done, t: Date.now() / 1000 })}\n`,
    );
    if (done % 10 === 0 || done === n) console.log(`predicted ${done}/${prompts.length}`);
    if (o.predict_interval_ms) await sleep(o.predict_interval_ms);
  }
  writeFileSync(`${output}.tmp`, lines.map((l) => `${l}\n`).join(""));
  renameSync(`${output}.tmp`, output);
  process.exit(o.predict_exit_code ?? 0);
}
