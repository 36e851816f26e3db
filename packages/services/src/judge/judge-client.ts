import { createHash } from "node:crypto";

/** Where and how to reach an OpenAI-compatible chat-completions endpoint as a judge. */
export interface JudgeConfig {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:8080/v1 (`/chat/completions` is appended). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** With {{question}}, {{expected}} and {{answer}}; DEFAULT_JUDGE_TEMPLATE when absent. */
  template?: string;
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
}

export const DEFAULT_JUDGE_TEMPLATE = `You are grading a model's answer to a question against the expected answer.
Judge only whether the model's final answer means the same as the expected answer (equal numbers,
equivalent expressions, the same fact); ignore formatting and how the reasoning is written.

Question:
{{question}}

Expected answer:
{{expected}}

Model's answer:
{{answer}}

Reply with JSON only: {"verdict": "correct" or "incorrect", "reason": "<one short sentence>"}`;

export type Verdict = "correct" | "incorrect" | "unparseable" | "error";

export interface Judgment {
  verdict: Verdict;
  reason: string | null;
  /** The judge's reply as it came (the message content), or null without one. */
  raw: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number;
  attempts: number;
  error: string | null;
}

/** What identifies a judge in stored results: endpoint, model and the template's hash. */
export function judgeIdentity(cfg: JudgeConfig) {
  const template = cfg.template ?? DEFAULT_JUDGE_TEMPLATE;
  return {
    base_url: cfg.baseUrl.replace(/\/+$/, ""),
    model: cfg.model,
    template_sha256: createHash("sha256").update(template).digest("hex"),
  };
}

export function renderJudgePrompt(
  template: string,
  v: { question: string; expected: string; answer: string },
) {
  return template
    .replaceAll("{{question}}", v.question)
    .replaceAll("{{expected}}", v.expected)
    .replaceAll("{{answer}}", v.answer);
}

/** Reads a verdict from the reply: the JSON asked for (also inside ``` fences), else a leading CORRECT/INCORRECT. */
export function parseVerdict(content: string): { verdict: Verdict; reason: string | null } {
  const unfenced = content.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, "").trim();
  const json = /\{[\s\S]*\}/.exec(unfenced)?.[0];
  if (json) {
    try {
      const v = JSON.parse(json) as { verdict?: unknown; reason?: unknown };
      const verdict = typeof v.verdict === "string" ? v.verdict.trim().toLowerCase() : "";
      if (verdict === "correct" || verdict === "incorrect")
        return { verdict, reason: typeof v.reason === "string" ? v.reason : null };
    } catch {
      // falls through to the plain-word reading
    }
  }
  const word = /^\W*(correct|incorrect)\b/i.exec(unfenced)?.[1]?.toLowerCase();
  if (word === "correct" || word === "incorrect") return { verdict: word, reason: null };
  return { verdict: "unparseable", reason: null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a 429 or 503 asks to wait (Retry-After: seconds or an HTTP date), capped at a minute. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(60_000, Math.max(0, seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.min(60_000, Math.max(0, at - now));
}

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s, … up to 30 s. */
const backoffMs = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);

/**
 * Asks the judge about one answer. Network failures, timeouts, 429 and 5xx are retried (waiting
 * what Retry-After asks, else backing off exponentially) up to `maxRetries` times; any other 4xx is
 * final. Never throws: a judge that cannot be reached yields verdict `error` with the reason.
 */
export async function judgeAnswer(
  cfg: JudgeConfig,
  input: { question: string; expected: string; answer: string },
  doFetch: typeof fetch = fetch,
): Promise<Judgment> {
  const started = performance.now();
  const body = JSON.stringify({
    model: cfg.model,
    temperature: 0,
    messages: [{ role: "user", content: renderJudgePrompt(cfg.template ?? DEFAULT_JUDGE_TEMPLATE, input) }],
  });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (cfg.apiKey) headers.authorization = `Bearer ${cfg.apiKey}`;
  const url = `${cfg.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  let lastError = "no attempt made";
  let attempts = 0;
  for (let attempt = 0; attempt <= cfg.maxRetries; attempt++) {
    attempts = attempt + 1;
    let wait: number | null = null;
    try {
      const res = await doFetch(url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(cfg.timeoutMs),
      });
      if (res.ok) {
        const reply = (await res.json()) as {
          choices?: Array<{ message?: { content?: unknown } }>;
          usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
        };
        const content = reply.choices?.[0]?.message?.content;
        const tokens = (v: unknown) => (typeof v === "number" ? v : null);
        const raw = typeof content === "string" ? content : null;
        const parsed = raw === null ? { verdict: "unparseable" as const, reason: null } : parseVerdict(raw);
        return {
          ...parsed,
          raw,
          promptTokens: tokens(reply.usage?.prompt_tokens),
          completionTokens: tokens(reply.usage?.completion_tokens),
          latencyMs: performance.now() - started,
          attempts: attempt + 1,
          error: raw === null ? "the reply had no message content" : null,
        };
      }
      const text = (await res.text().catch(() => "")).slice(0, 500);
      lastError = `HTTP ${res.status}${text ? `: ${text}` : ""}`;
      if (res.status !== 429 && res.status < 500) break;
      wait = retryAfterMs(res.headers.get("retry-after"));
    } catch (err) {
      const e = err as Error;
      lastError = e.name === "TimeoutError" ? `no reply within ${cfg.timeoutMs} ms` : e.message;
    }
    if (attempt < cfg.maxRetries) await sleep(wait ?? backoffMs(attempt));
  }
  return {
    verdict: "error",
    reason: null,
    raw: null,
    promptTokens: null,
    completionTokens: null,
    latencyMs: performance.now() - started,
    attempts,
    error: lastError,
  };
}

/** Runs `work` over `items` with at most `limit` at once, keeping the results in order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (x: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}
