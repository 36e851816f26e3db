import { createReadStream, createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { newId, traceContentHash } from "@tunix-rt/services";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { syntheticTrace } from "./synthetic-traces.js";

/** COPY text format: backslash, tab, newline and carriage return must be escaped. */
const copyText = (s: string) => (/[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESC[c]!) : s);
const COPY_ESC: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * The same rows the import would store (payload, id, hash, source, step count) as COPY text in
 * ~64 KB chunks, from the same generator. Written to a file first, so the timed COPY measures
 * only Postgres taking the rows in: the physical floor for a bulk load.
 */
async function* copyRows(count: number, steps: number) {
  let buf = "";
  const createdAt = new Date().toISOString();
  for (let n = 0; n < count; n++) {
    const t = syntheticTrace(n, steps);
    const payload = {
      trace_version: t.trace_version,
      prompt: t.prompt,
      final_answer: t.final_answer,
      steps: t.steps,
      meta: t.meta,
    };
    buf += `${newId()}\t${createdAt}\t${copyText(payload.trace_version)}\t${copyText(JSON.stringify(payload))}\t${copyText(t.meta.source)}\t${t.steps.length}\t${traceContentHash(payload)}\n`;
    if (buf.length >= 64 * 1024) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}

/** Writes the COPY text of `count` synthetic traces to `file` (streamed; not timed). */
export async function writeCopyFile(file: string, count: number, steps = 5): Promise<void> {
  await pipeline(Readable.from(copyRows(count, steps)), createWriteStream(file));
}

/** `COPY traces (…) FROM STDIN` streamed from a prepared file; returns elapsed seconds. */
export async function copyTraces(databaseUrl: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const start = performance.now();
    const sink = client.query(
      copyFrom(
        "COPY traces (id, created_at, trace_version, payload, source, step_count, content_hash) FROM STDIN",
      ),
    );
    await pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), sink);
    return (performance.now() - start) / 1000;
  } finally {
    await client.end();
  }
}

export async function sqlOnce(databaseUrl: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
