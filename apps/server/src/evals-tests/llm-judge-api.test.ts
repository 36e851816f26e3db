// An evaluation that asks for an LLM judge, end to end: the in-process worker puts every item to a
// loopback chat-completions server (which rate-limits once and garbles one reply) and stores its
// verdicts apart from the verifier's. Without a configured judge the run fails saying what to set.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTerminalStatus, startRunServer, waitForRun } from "../run-testing.js";

let judge: Server;
let judgeUrl: string;
let requests = 0;
const prompts: string[] = [];

beforeAll(async () => {
  judge = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      requests++;
      const content: string = JSON.parse(body).messages[0].content;
      prompts.push(content);
      if (requests === 1) {
        res.writeHead(429, { "retry-after": "0", "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "slow down" } }));
        return;
      }
      const expected = /Expected answer:\n(.*)\n/.exec(content)?.[1];
      const answer = /Model's answer:\n(.*)\n/.exec(content)?.[1];
      const reply = content.includes("What is 1 + 1?")
        ? "no idea"
        : JSON.stringify({ verdict: expected === answer ? "correct" : "incorrect", reason: "compared" });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          choices: [{ message: { role: "assistant", content: reply } }],
          usage: { prompt_tokens: 50, completion_tokens: 7 },
        }),
      );
    });
  });
  await new Promise<void>((ok) => judge.listen(0, "127.0.0.1", ok));
  judgeUrl = `http://127.0.0.1:${(judge.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((ok) => judge.close(() => ok())));

async function setUp(s: Awaited<ReturnType<typeof startRunServer>>) {
  const post = (path: string, json: unknown) => s.api(path, { method: "POST", json });
  const lines = [
    { id: "a", prompt: "What is 1 + 1?", expected_answer: "2" },
    { id: "b", prompt: "What is 2 + 3?", expected_answer: "5" },
    { id: "c", prompt: "What is 4 * 4?", expected_answer: "16" },
    { id: "d", prompt: "What is 9 - 2?", expected_answer: "7" },
  ];
  const set = await s.api("/api/evals/sets/import?name=judged&version=v1", {
    method: "POST",
    headers: { "content-type": "application/x-ndjson" },
    body: lines.map((l) => JSON.stringify(l)).join("\n"),
  });
  expect(set.status, JSON.stringify(set.body)).toBe(201);
  await post("/api/generators/arithmetic/generate", { count: 10, seed: 1 });
  await post("/api/datasets/build", {
    dataset_name: "j",
    dataset_version: "v1",
    source: "arithmetic",
    limit: 10,
  });
  const train = await post("/api/tunix/run?mode=async", {
    dataset_key: "j-v1",
    model_id: "tiny",
    trainer: "fixture",
    dry_run: false,
    trainer_options: { lines: 4, checkpoint_every: 4, predict_wrong_every: 4, predict_wrong_offset: 3 },
  });
  expect((await waitForRun(s.api, train.body.run_id, isTerminalStatus)).status).toBe("completed");
  const e = await post("/api/evals/runs", {
    eval_set: "judged-v1",
    model: { run_id: train.body.run_id },
    judge: "llm",
  });
  expect(e.status, JSON.stringify(e.body)).toBe(202);
  return e.body.evaluation_id as string;
}

describe("an LLM judge", () => {
  it("rules on every item apart from the verifier, with retries, identity, tokens and agreement", async () => {
    const s = await startRunServer({ judgeBaseUrl: judgeUrl, judgeModel: "judge-1", judgeConcurrency: 2 });
    try {
      const id = await setUp(s);
      expect((await waitForRun(s.api, id, isTerminalStatus)).status).toBe("completed");
      const e = (await s.api(`/api/evals/runs/${id}`)).body;
      // The verifier: item d (every 4th from offset 3) answered wrong.
      expect(e.summary).toMatchObject({ n: 4, correct: 3 });
      expect(e.llm_judge).toMatchObject({
        judge: {
          base_url: judgeUrl,
          model: "judge-1",
          template_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
        n: 4,
        judged: 3,
        correct: 2,
        unparseable: 1,
        errors: 0,
        agreement_with_verifier: 1,
        prompt_tokens: 200,
        completion_tokens: 28,
      });
      expect(requests).toBe(5); // four items, one of them asked twice after the 429
      // What the judge saw: the question and the answers, never the run's log.
      expect(prompts.every((p) => !p.includes("[tunix-rt]") && !p.includes("predicting"))).toBe(true);
      const log = (await s.api(`/api/tunix/runs/${id}/logs?follow=false`)).body.lines.map(
        (l: { line: string }) => l.line,
      );
      expect(log.some((t: string) => /LLM judge: 66\.7% correct of 3 judged/.test(t))).toBe(true);
    } finally {
      await s.close();
    }
  });

  it("fails the run, verifier results kept, when the worker has no judge configured", async () => {
    const s = await startRunServer();
    try {
      const id = await setUp(s);
      const run = await waitForRun(s.api, id, isTerminalStatus);
      expect(run.status).toBe("failed");
      expect(run.error).toContain("set TUNIX_RT_JUDGE_BASE_URL and TUNIX_RT_JUDGE_MODEL");
      const items = (await s.api(`/api/evals/runs/${id}/items?filter=all`)).body.data;
      expect(items).toHaveLength(4);
    } finally {
      await s.close();
    }
  });
});
