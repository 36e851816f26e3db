// Deterministic synthetic reasoning traces for benchmarks: realistic lengths (≈1.2 KB a line),
// distinct content per index, generated lazily so any count streams in constant memory.

const WORDS = (
  "the of and to in is that for it as with was on be by this are from at or an have not which but " +
  "number total each step first then next finally compute value result answer equation sum product " +
  "divide multiply subtract add remainder apples train speed distance hours minutes price discount " +
  "percent ratio area perimeter triangle circle radius square root prime factor even odd digit " +
  "therefore because since given assume check verify estimate solve simplify substitute hence"
).split(" ");

const STEP_TYPES = ["reason", "compute", "check", "recall", "conclude"];
const SOURCES = ["gsm8k", "synthetic", "human", "distilled", "eval"];

/** xorshift32: fast, seedable, good enough to make text distinct. */
function rng(seed: number) {
  let x = seed | 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** 1 MB of random words; fields are slices of it, so generation costs almost nothing per trace. */
const CORPUS = (() => {
  const r = rng(42);
  const words: string[] = [];
  let len = 0;
  while (len < 1 << 20) {
    const w = WORDS[Math.floor(r() * WORDS.length)]!;
    words.push(w);
    len += w.length + 1;
  }
  return words.join(" ");
})();

function sentence(r: () => number, minChars: number, maxChars: number): string {
  const len = minChars + Math.floor(r() * (maxChars - minChars));
  const at = Math.floor(r() * (CORPUS.length - len));
  return CORPUS.slice(at, at + len).trim() || "x";
}

export interface SyntheticTrace {
  trace_version: string;
  prompt: string;
  final_answer: string;
  steps: { i: number; type: string; content: string }[];
  meta: { source: string; expected_answer: string; difficulty: number; seq: number };
}

/** Trace number `n` (same n → same trace). `steps` steps of 80–300 characters, prompt 150–400. */
export function syntheticTrace(n: number, steps = 5): SyntheticTrace {
  const r = rng(n * 2654435761 + 1);
  const answer = String(Math.floor(r() * 1_000_000));
  return {
    trace_version: "1.0",
    prompt: `Problem ${n}: ${sentence(r, 150, 400)}?`,
    final_answer: `The answer is ${answer}.`,
    steps: Array.from({ length: steps }, (_, i) => ({
      i,
      type: STEP_TYPES[i % STEP_TYPES.length]!,
      content: `${sentence(r, 80, 300)}.`,
    })),
    meta: { source: SOURCES[n % SOURCES.length]!, expected_answer: answer, difficulty: n % 5, seq: n },
  };
}

/**
 * `JSON.stringify(syntheticTrace(n, steps))` without the cost of JSON.stringify: every generated
 * string is plain [a-z0-9 .:?] text, so it needs no escaping and can be placed between quotes.
 */
export function syntheticLine(n: number, steps = 5): string {
  const t = syntheticTrace(n, steps);
  let s = `{"trace_version":"${t.trace_version}","prompt":"${t.prompt}","final_answer":"${t.final_answer}","steps":[`;
  for (let i = 0; i < t.steps.length; i++) {
    const st = t.steps[i]!;
    s += `${i ? "," : ""}{"i":${st.i},"type":"${st.type}","content":"${st.content}"}`;
  }
  const m = t.meta;
  return `${s}],"meta":{"source":"${m.source}","expected_answer":"${m.expected_answer}","difficulty":${m.difficulty},"seq":${m.seq}}}`;
}

/** NDJSON of traces [start, start+count), in chunks of about `chunkBytes`, built lazily. */
export async function* ndjsonChunks(
  count: number,
  opts: { start?: number; steps?: number; chunkBytes?: number } = {},
) {
  const start = opts.start ?? 0;
  const chunkBytes = opts.chunkBytes ?? 64 * 1024;
  let buf = "";
  for (let n = start; n < start + count; n++) {
    buf += `${syntheticLine(n, opts.steps)}\n`;
    if (buf.length >= chunkBytes) {
      yield Buffer.from(buf);
      buf = "";
    }
  }
  if (buf) yield Buffer.from(buf);
}

/** A web ReadableStream over an async iterable of bytes, pulled on demand (back-pressure kept). */
export function toReadableStream(it: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iter = it[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iter.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iter.return?.();
    },
  });
}
