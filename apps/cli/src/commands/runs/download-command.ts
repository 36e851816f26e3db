import { createWriteStream } from "node:fs";
import { lstat, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import cliProgress from "cli-progress";
import { formatBytes, formatRunDuration } from "../../output/format-runs.js";
import { formatDuration } from "../../output/progress-stats.js";
import { progressMode } from "../count-progress.js";
import type { TracesContext } from "../traces/cli-context.js";

export interface DownloadOptions {
  output?: string;
}

/** Counts bytes as they pass, holding nothing. */
class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/**
 * The file name a download offers (`filename*` first, then `filename`), cut to a plain base name:
 * never a path, never `.`/`..`, never a control character. Null when there is none usable.
 */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null;
  let name: string | null = null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      name = decodeURIComponent(star[1]!.trim());
    } catch {
      name = null;
    }
  }
  if (name === null) {
    const plain = /filename\s*=\s*"((?:[^"\\]|\\.)*)"|filename\s*=\s*([^;\s]+)/i.exec(header);
    name = plain ? (plain[1] ?? plain[2] ?? "").replace(/\\(.)/g, "$1") : null;
  }
  if (name === null) return null;
  name = name.split(/[/\\]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (name === "" || name === "." || name === ".." || /[\u0000-\u001f\u007f]/.test(name)) return null;
  return name;
}

/** Bytes/s and ETA for the bar and the periodic lines. */
function byteStatus(done: number, total: number | null, elapsedMs: number): string {
  const s = elapsedMs / 1000;
  const rate = s > 0 ? done / s : 0;
  const parts = [
    `${formatBytes(done)}${total !== null ? ` of ${formatBytes(total)}` : ""}`,
    `${formatBytes(rate)}/s`,
  ];
  if (total !== null && total > 0) {
    parts.push(`${Math.min(100, (100 * done) / total).toFixed(0)}%`);
    parts.push(`ETA ${rate > 0 ? formatDuration((total - done) / rate) : "?"}`);
  }
  return parts.join(" | ");
}

const BAR_MIN_BYTES = 1024 * 1024;

/** A bar on a terminal for downloads of 1 MB or more (or of unknown size); a line every 10 s in logs. */
function startByteProgress(mode: "bar" | "lines" | "off", total: number | null, done: () => number) {
  const started = Date.now();
  if (mode === "off" || (total !== null && total < BAR_MIN_BYTES)) return { stop() {} };
  if (mode === "lines") {
    const timer = setInterval(
      () => process.stderr.write(`download: ${byteStatus(done(), total, Date.now() - started)}\n`),
      10_000,
    );
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: total !== null ? "download [{bar}] {status}" : "download {status}",
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 1, 0, { status: byteStatus(0, total, 0) });
  const tick = () =>
    bar.update(total !== null ? Math.min(done(), total) : 0, {
      status: byteStatus(done(), total, Date.now() - started),
    });
  const timer = setInterval(tick, 200);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      tick();
      bar.stop();
    },
  };
}

/**
 * Streams a download's body to `output` ("-": stdout) in constant memory, with a progress bar on a
 * terminal. A regular file is written under a temporary name and renamed once the byte count
 * matches Content-Length, so a short or failed transfer never leaves a file that looks finished.
 */
export async function saveResponse(
  ctx: TracesContext,
  res: Response,
  output: string,
): Promise<{ bytes: number; started: number }> {
  const toStdout = output === "-";
  if (!res.body) throw new Error("the server sent no body");
  let viaTemp = false;
  if (!toStdout) {
    const dir = dirname(output);
    const st = await stat(dir).catch(() => null);
    if (!st?.isDirectory()) throw new Error(`cannot write ${output}: no such directory ${dir}`);
    const target = await lstat(output).catch(() => null);
    if (target?.isDirectory()) throw new Error(`cannot write ${output}: it is a directory`);
    viaTemp = target === null || target.isFile();
  }
  const lengthHeader = res.headers.get("content-length");
  const expected = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const counter = new ByteCounter();
  const quiet = ctx.json || (toStdout && process.stdout.isTTY === true);
  const progress = startByteProgress(
    quiet ? "off" : progressMode({ json: false, stderrIsTty: process.stderr.isTTY === true }),
    expected,
    () => counter.bytes,
  );
  const temp = viaTemp ? join(dirname(output), `.${basename(output)}.${process.pid}.partial`) : null;
  const dest = toStdout ? process.stdout : createWriteStream(temp ?? output);
  const onSigint = () => {
    progress.stop();
    if (temp) rm(temp, { force: true }).finally(() => process.exit(130));
    else process.exit(130);
  };
  process.once("SIGINT", onSigint);
  const started = Date.now();
  try {
    await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>), counter, dest, {
      end: !toStdout,
    });
    if (expected !== null && counter.bytes !== expected) {
      throw new Error(
        `the download ended after ${formatBytes(counter.bytes)} of ${formatBytes(expected)}; nothing was kept` +
          (toStdout ? " (stdout already has the partial bytes)" : ""),
      );
    }
    if (temp) await rename(temp, output);
  } catch (err) {
    if (temp) await rm(temp, { force: true });
    throw err;
  } finally {
    process.removeListener("SIGINT", onSigint);
    progress.stop();
  }

  return { bytes: counter.bytes, started };
}

/**
 * `runs download ID PATH [-o FILE|-]`: streams one artifact to a file (default: the name the
 * server offers, in the current directory; a directory arrives as NAME.tar) or to stdout, in
 * constant memory. A regular file is written under a temporary name and renamed when complete,
 * so a short or failed transfer never leaves a file that looks finished.
 */
export async function downloadCommand(
  ctx: TracesContext,
  [id, rawPath]: string[],
  o: DownloadOptions,
): Promise<number> {
  // Paths as `runs artifacts` prints them: directories end in "/".
  const path = rawPath!.replace(/^\.\/+/, "").replace(/\/+$/, "");
  // fetch would resolve these away before the server saw them, and download something else.
  if (path === "" || path.startsWith("/") || path.split("/").some((seg) => seg === "." || seg === "..")) {
    process.stderr.write(
      `error: artifact paths are relative to the run directory, without . or .. segments (as \`runs artifacts\` lists them); got "${rawPath}"\n`,
    );
    return 2;
  }
  const toStdout = o.output === "-";
  const res = await ctx.client.runStreams.openArtifact(id!, path);
  if (!res.body) throw new Error("the server sent no body");
  const isTar =
    (res.headers.get("content-type") ?? "").startsWith("application/x-tar") && !/\.tar$/i.test(path);
  const offered = dispositionFilename(res.headers.get("content-disposition"));
  const output = toStdout
    ? "-"
    : (o.output ?? offered ?? `${basename(path) || "artifact"}${isTar ? ".tar" : ""}`);

  const { bytes, started } = await saveResponse(ctx, res, output);
  const summary = {
    run_id: id,
    path,
    type: isTar ? "dir" : "file",
    output,
    bytes,
    content_type: res.headers.get("content-type"),
  };
  if (ctx.json) {
    if (!toStdout) await ctx.printJson(summary);
    return 0;
  }
  const line =
    `downloaded ${path}${isTar ? " (directory, as tar)" : ""}: ${formatBytes(bytes)} ` +
    `to ${toStdout ? "stdout" : output} in ${formatRunDuration((Date.now() - started) / 1000)}`;
  if (toStdout) {
    if (!process.stdout.isTTY) process.stderr.write(`${line}\n`);
  } else await ctx.lines([line]);
  return 0;
}
