import { createWriteStream } from "node:fs";
import { lstat, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { formatCount, formatDuration } from "../../output/progress-stats.js";
import { progressMode, startCountProgress } from "../count-progress.js";
import type { TracesContext } from "../traces/cli-context.js";

export interface ExportOptions {
  format?: "trace" | "tunix_sft" | "training_example" | "chat";
  split?: "train" | "val" | "test";
  style?: "numbered" | "tagged";
  system?: string;
  output?: string;
}

/** Counts lines (newline bytes) and bytes as they pass, holding nothing. */
export class LineCounter extends Transform {
  lines = 0;
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.lines++;
    done(null, chunk);
  }
}

/** "1.2 MB": sizes for the summary line. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/**
 * `datasets export KEY [-o FILE|-]`: streams the NDJSON export to a file or stdout in constant
 * memory (backpressure all the way to the server, which produces lines only as they are read),
 * with a progress bar on stderr sized by the server's x-trace-count. A file is written under a
 * temporary name and renamed when complete, so a failed or short export never leaves a file that
 * looks finished (devices, FIFOs and symlinks are written in place); a stream that ends before
 * x-trace-count lines is an error.
 */
export async function exportCommand(ctx: TracesContext, [key]: string[], o: ExportOptions): Promise<number> {
  const toStdout = o.output === undefined || o.output === "-";
  // A new or regular file is written under a temporary name and renamed into place; anything
  // else that exists (/dev/null, a FIFO, a symlink) is written in place, never replaced.
  let viaTemp = false;
  if (!toStdout) {
    const dir = dirname(o.output!);
    const st = await stat(dir).catch(() => null);
    if (!st?.isDirectory()) throw new Error(`cannot write ${o.output}: no such directory ${dir}`);
    const target = await lstat(o.output!).catch(() => null);
    if (target?.isDirectory()) throw new Error(`cannot write ${o.output}: it is a directory`);
    viaTemp = target === null || target.isFile();
  }
  const res = await ctx.client.datasets.openExport(key!, {
    format: o.format,
    split: o.split,
    response_style: o.style,
    system_instruction: o.system,
  });
  const header = res.headers.get("x-trace-count");
  const expected = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  if (!res.body) throw new Error("the server sent no export body");

  const counter = new LineCounter();
  // On a terminal, stdout and stderr share the screen: no bar over lines being printed.
  const quiet = ctx.json || (toStdout && process.stdout.isTTY === true);
  const progress = startCountProgress({
    mode: quiet ? "off" : progressMode({ json: false, stderrIsTty: process.stderr.isTTY === true }),
    label: "export",
    unit: "lines",
    total: expected,
    done: () => counter.lines,
  });
  const temp = viaTemp ? join(dirname(o.output!), `.${basename(o.output!)}.${process.pid}.partial`) : null;
  const dest = toStdout ? process.stdout : createWriteStream(temp ?? o.output!);
  const onSigint = () => {
    progress.stop();
    if (temp) rm(temp, { force: true }).finally(() => process.exit(130));
    else process.exit(130);
  };
  process.once("SIGINT", onSigint);
  const started = Date.now();
  try {
    const source = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
    await pipeline(source, counter, dest, { end: !toStdout });
    if (expected !== null && counter.lines !== expected) {
      throw new Error(
        `the export ended after ${formatCount(counter.lines)} of ${formatCount(expected)} lines; nothing was kept` +
          (toStdout ? " (stdout already has the partial lines)" : ""),
      );
    }
    if (temp) await rename(temp, o.output!);
  } catch (err) {
    if (temp) await rm(temp, { force: true });
    throw err;
  } finally {
    process.removeListener("SIGINT", onSigint);
    progress.stop();
  }

  const seconds = (Date.now() - started) / 1000;
  const summary = {
    dataset_key: key,
    format: o.format ?? "trace",
    split: o.split ?? null,
    response_style: o.style ?? "numbered",
    path: toStdout ? "-" : o.output!,
    lines: counter.lines,
    bytes: counter.bytes,
  };
  if (ctx.json) {
    if (!toStdout) await ctx.printJson(summary);
    return 0;
  }
  const what = `${summary.format}${o.split ? `, split ${o.split}` : ""}`;
  const line =
    `exported ${formatCount(counter.lines)} lines (${what}, ${formatBytes(counter.bytes)}) ` +
    `to ${toStdout ? "stdout" : o.output} in ${formatDuration(seconds)}`;
  // Stdout carries the data itself when exporting there; the summary goes to stderr then.
  if (toStdout) {
    if (!process.stdout.isTTY) process.stderr.write(`${line}\n`);
  } else await ctx.lines([line]);
  return 0;
}
