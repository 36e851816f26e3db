// Plain JSON calls to a bench server, typed loosely: benches read a few fields of known answers.
import { isTerminalStatus } from "@tunix-rt/contracts";

// biome-ignore lint/suspicious/noExplicitAny: a bench reads a handful of fields of known API answers
type Json = any;

/** GET (no body) or POST JSON; a 4xx or 5xx answer throws with its problem body. */
export async function call(base: string, path: string, body?: unknown): Promise<Json> {
  const init: RequestInit = {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  // A bare predict or a long wait can block the bench process long enough for the server to close
  // the idle keep-alive connection; the next request may find it closed, and is sent again once.
  const r = await fetch(`${base}${path}`, init).catch(() => fetch(`${base}${path}`, init));
  const json = await r.json();
  if (r.status >= 400) throw new Error(`${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

/** Polls a run (training or evaluation) until it finishes; returns the run. */
export async function waitForRun(base: string, runId: string, everyMs = 1000): Promise<Json> {
  for (;;) {
    const run = await call(base, `/api/tunix/runs/${runId}`);
    if (isTerminalStatus(run.status)) return run;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
