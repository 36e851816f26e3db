import { fstatSync } from "node:fs";
import { open } from "node:fs/promises";
import type { OnDuplicate } from "@tunix-rt/contracts";
import { formatImportSummary } from "../../output/format-import.js";
import type { TracesContext } from "./cli-context.js";
import { progressMode, startImportProgress } from "./import-progress.js";
import { type ImportCounters, toNdjson, toWebStream } from "./ndjson-source.js";

interface ImportInput {
  source: AsyncIterable<Uint8Array>;
  /** Bytes in the input when known (a file, or stdin redirected from one): drives the ETA. */
  size: number | null;
}

async function openInput(file: string): Promise<ImportInput> {
  if (file === "-") {
    if (process.stdin.isTTY) process.stderr.write("reading traces from stdin (end with Ctrl-D)\n");
    let size: number | null = null;
    try {
      const st = fstatSync(0);
      if (st.isFile()) size = st.size;
    } catch {
      size = null;
    }
    return { source: process.stdin, size };
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
  const st = await handle.stat();
  if (st.isDirectory()) {
    await handle.close();
    throw new Error(`cannot read ${file}: it is a directory`);
  }
  return {
    source: handle.createReadStream({ highWaterMark: 256 * 1024 }),
    size: st.isFile() ? st.size : null,
  };
}

/**
 * `traces import FILE|-`: everything goes to the batch endpoint as one streaming NDJSON upload,
 * so the server validates line by line and one bad line never costs the others.
 */
export async function importCommand(
  ctx: TracesContext,
  [file]: string[],
  opts: { onDuplicate: OnDuplicate },
): Promise<number> {
  const input = await openInput(file!);
  const counters: ImportCounters = { bytesRead: 0, linesSent: 0 };
  const { kind, chunks } = await toNdjson(input.source, counters);
  const progress = startImportProgress(
    progressMode({ json: ctx.json, stderrIsTty: process.stderr.isTTY === true }),
    counters,
    input.size,
  );
  let result: Awaited<ReturnType<TracesContext["client"]["traces"]["importNdjson"]>>;
  try {
    result = await ctx.client.traces.importNdjson(toWebStream(chunks), { onDuplicate: opts.onDuplicate });
  } finally {
    progress.stop();
  }
  if (ctx.json) await ctx.printJson(result);
  else {
    await ctx.lines(formatImportSummary(result, kind === "ndjson" ? "line" : "item"));
    if (result.received_count === 0)
      process.stderr.write(`note: ${file === "-" ? "stdin" : file} held no traces\n`);
  }
  return result.rejected_count > 0 ? 1 : 0;
}
