// The judge client against a loopback HTTP server that speaks the chat-completions wire format,
// including its rate limits, server errors, slow replies and replies without a verdict.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type JudgeConfig, judgeAnswer, mapLimited, parseVerdict, retryAfterMs } from "./judge-client.js";

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };
let server: Server;
let base: string;
let script: Reply[] = [];
const seen: Array<{
  auth: string | undefined;
  body: { model: string; temperature: number; messages: Array<{ content: string }> };
}> = [];
let inFlight = 0;
let maxInFlight = 0;

const completion = (content: string, usage = { prompt_tokens: 120, completion_tokens: 14 }): Reply => ({
  status: 200,
  body: {
    id: "x",
    object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content } }],
    usage,
  },
});

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = "";
    req.on("data", (c) => {
      s += c;
    });
    req.on("end", () => resolve(s));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const body = JSON.parse(await read(req));
    seen.push({ auth: req.headers.authorization, body });
    const r = script.shift() ?? completion('{"verdict": "correct", "reason": "same number"}');
    if (r.delayMs) await new Promise((ok) => setTimeout(ok, r.delayMs));
    res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
    res.end(JSON.stringify(r.body ?? { error: { message: "boom" } }));
    inFlight--;
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
beforeEach(() => {
  script = [];
  seen.length = 0;
  maxInFlight = 0;
});

const cfg = (over: Partial<JudgeConfig> = {}): JudgeConfig => ({
  baseUrl: base,
  model: "judge-1",
  apiKey: "sk-test",
  timeoutMs: 2000,
  maxRetries: 3,
  concurrency: 4,
  ...over,
});
const input = { question: "What is 6 * 7?", expected: "42", answer: "42" };

describe("judgeAnswer", () => {
  it("sends the question, the expected answer and the model's answer, and reads verdict and tokens", async () => {
    script = [completion('```json\n{"verdict": "incorrect", "reason": "43 is not 42"}\n```')];
    const j = await judgeAnswer(cfg(), { ...input, answer: "43" });
    expect(j).toMatchObject({
      verdict: "incorrect",
      reason: "43 is not 42",
      promptTokens: 120,
      completionTokens: 14,
      attempts: 1,
      error: null,
    });
    const sent = seen[0]!;
    expect(sent.auth).toBe("Bearer sk-test");
    expect(sent.body).toMatchObject({ model: "judge-1", temperature: 0 });
    const prompt = sent.body.messages[0]!.content;
    expect(prompt).toContain("What is 6 * 7?");
    expect(prompt).toContain("Expected answer:\n42");
    expect(prompt).toContain("Model's answer:\n43");
  });

  it("waits what a 429 asks (Retry-After) and retries 5xx, then succeeds", async () => {
    script = [
      { status: 429, headers: { "retry-after": "0.2" }, body: { error: { message: "rate limited" } } },
      { status: 503, headers: { "retry-after": "0" } },
      completion('{"verdict": "correct"}'),
    ];
    const t0 = Date.now();
    const j = await judgeAnswer(cfg(), input);
    expect(j).toMatchObject({ verdict: "correct", attempts: 3, error: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it("retries a reply that takes longer than the timeout", async () => {
    script = [
      { ...completion('{"verdict": "correct"}'), delayMs: 500 },
      completion('{"verdict": "correct"}'),
    ];
    const j = await judgeAnswer(cfg({ timeoutMs: 150 }), input);
    expect(j).toMatchObject({ verdict: "correct", attempts: 2 });
  });

  it("gives up after the retries with the last error, and does not retry a 400", async () => {
    script = [0, 1, 2].map(() => ({
      status: 500,
      headers: { "retry-after": "0" },
      body: { error: { message: "down" } },
    }));
    const down = await judgeAnswer(cfg({ maxRetries: 2 }), input);
    expect(down).toMatchObject({ verdict: "error", attempts: 3 });
    expect(down.error).toMatch(/^HTTP 500: .*down/);
    script = [{ status: 400, body: { error: { message: "unknown model" } } }];
    const bad = await judgeAnswer(cfg(), input);
    expect(bad).toMatchObject({ verdict: "error", attempts: 1 });
    expect(bad.error).toContain("unknown model");
  });

  it("keeps a reply without a verdict as unparseable, with the raw text", async () => {
    script = [completion("I think it might be right?")];
    const j = await judgeAnswer(cfg(), input);
    expect(j).toMatchObject({ verdict: "unparseable", raw: "I think it might be right?", error: null });
  });

  it("holds at most `concurrency` requests at once", async () => {
    script = Array.from({ length: 12 }, () => ({ ...completion('{"verdict":"correct"}'), delayMs: 30 }));
    const results = await mapLimited(
      Array.from({ length: 12 }, (_, i) => i),
      3,
      () => judgeAnswer(cfg(), input),
    );
    expect(results.every((r) => r.verdict === "correct")).toBe(true);
    expect(maxInFlight).toBe(3);
  });
});

describe("reading replies", () => {
  it("parses JSON, fenced JSON and a plain leading word", () => {
    expect(parseVerdict('{"verdict":"Correct","reason":"ok"}')).toEqual({ verdict: "correct", reason: "ok" });
    expect(parseVerdict("INCORRECT: the units differ")).toEqual({ verdict: "incorrect", reason: null });
    expect(parseVerdict('{"verdict": "maybe"}').verdict).toBe("unparseable");
  });

  it("reads Retry-After in seconds or as a date, capped at a minute", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs("900")).toBe(60_000);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 5)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(
      5000,
    );
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs("soon")).toBeNull();
  });
});
