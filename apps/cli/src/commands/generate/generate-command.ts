import { randomInt } from "node:crypto";
import { ApiError } from "@tunix-rt/client";
import {
  type ArithmeticSteps,
  GENERATOR_IDS_MAX,
  type GenerateTracesBodyInput,
  type GenerateTracesResponse,
  type GeneratorName,
} from "@tunix-rt/contracts";
import {
  formatGenerateResume,
  formatGenerateSummary,
  formatGeneratorList,
} from "../../output/format-generate.js";
import { progressMode, startCountProgress } from "../count-progress.js";
import type { TracesContext } from "../traces/cli-context.js";
import { describeError } from "../traces/errors.js";

export const DEFAULT_CHUNK_SIZE = 2000;

export interface GenerateOptions {
  count?: number;
  seed?: number;
  startIndex: number;
  difficulty?: "1" | "2" | "3" | "mixed";
  digits?: number;
  steps?: ArithmeticSteps;
  chunkSize: number;
  list?: boolean;
}

export interface Chunk {
  start_index: number;
  count: number;
}

/**
 * Splits a run into requests of at most `chunkSize` traces. Trace k of a run depends only on
 * (seed, start_index + k), so the chunks together make exactly the traces of one big request.
 */
export function planChunks(count: number, startIndex: number, chunkSize: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let done = 0; done < count; done += chunkSize) {
    chunks.push({ start_index: startIndex + done, count: Math.min(chunkSize, count - done) });
  }
  return chunks;
}

/** The request's generator options from the flags given, and the same flags for a resume hint. */
export function generatorOptions(o: Pick<GenerateOptions, "difficulty" | "digits" | "steps">): {
  options: GenerateTracesBodyInput["options"];
  flags: string[];
} {
  const options: NonNullable<GenerateTracesBodyInput["options"]> = {};
  const flags: string[] = [];
  if (o.difficulty) {
    options.difficulty = o.difficulty === "mixed" ? "mixed" : (Number(o.difficulty) as 1 | 2 | 3);
    flags.push(`--difficulty ${o.difficulty}`);
  }
  if (o.digits !== undefined) {
    options.digits = o.digits;
    flags.push(`--digits ${o.digits}`);
  }
  if (o.steps) {
    options.steps = o.steps;
    flags.push(`--steps ${o.steps}`);
  }
  return { options: flags.length ? options : undefined, flags };
}

/** Folds the chunks' answers into the one a single request would have given. */
export function mergeResponses(
  first: Chunk,
  parts: readonly GenerateTracesResponse[],
  total: number,
): GenerateTracesResponse {
  const ids = parts.every((p) => p.trace_ids !== null) && total <= GENERATOR_IDS_MAX;
  return {
    generator: parts[0]!.generator,
    seed: parts[0]!.seed,
    start_index: first.start_index,
    created_count: parts.reduce((n, p) => n + p.created_count, 0),
    trace_ids: ids ? parts.flatMap((p) => p.trace_ids ?? []) : null,
    preview: parts[0]!.preview,
  };
}

export async function listGeneratorsCommand(ctx: TracesContext): Promise<number> {
  const r = await ctx.client.generators.list();
  if (ctx.json) await ctx.printJson(r);
  else await ctx.lines(formatGeneratorList(r.data, ctx.width));
  return 0;
}

/**
 * `generate NAME --count N`: one request per chunk, all with the same seed (the user's, or one
 * picked here so the chunks agree and the run can be repeated) and consecutive start indexes.
 */
export async function generateCommand(
  ctx: TracesContext,
  [name]: string[],
  o: GenerateOptions,
): Promise<number> {
  if (o.list) return listGeneratorsCommand(ctx);
  if (!name) {
    process.stderr.write("error: missing generator name; `tunix-rt generate --list` shows them\n");
    return 2;
  }
  if (o.count === undefined) {
    process.stderr.write("error: --count is required (how many traces to generate)\n");
    return 2;
  }
  const count = o.count;
  const seed = o.seed ?? randomInt(0, 2 ** 31);
  const { options, flags } = generatorOptions(o);
  const chunks = planChunks(count, o.startIndex, o.chunkSize);
  let created = 0;
  const parts: GenerateTracesResponse[] = [];
  const started = Date.now();
  const progress =
    chunks.length > 1
      ? startCountProgress({
          mode: progressMode({ json: ctx.json, stderrIsTty: process.stderr.isTTY === true }),
          label: "generate",
          unit: "traces",
          total: count,
          done: () => created,
        })
      : { stop() {} };
  const resumeHint = () => {
    const lines = formatGenerateResume({
      name,
      seed,
      startIndex: o.startIndex,
      created,
      requested: count,
      extra: flags,
    });
    process.stderr.write(`${lines.join("\n")}\n`);
  };
  // Ctrl-C part way: say what to run to finish, as after a failed request.
  const onSigint = () => {
    progress.stop();
    process.stderr.write("\ninterrupted\n");
    if (created > 0) resumeHint();
    process.exit(130);
  };
  process.once("SIGINT", onSigint);
  try {
    for (const chunk of chunks) {
      const r = await ctx.client.generators.generate(name as GeneratorName, { ...chunk, seed, options });
      created += r.created_count;
      // Only the first chunk's preview and (small runs') ids are kept: memory stays flat.
      if (parts.length === 0 || (r.trace_ids !== null && count <= GENERATOR_IDS_MAX)) parts.push(r);
    }
  } catch (err) {
    progress.stop();
    process.stderr.write(`${describeError(err, ctx.server)}\n`);
    if (err instanceof ApiError && err.status === 404 && created === 0) {
      process.stderr.write("`tunix-rt generate --list` shows the generators\n");
    }
    if (created > 0) resumeHint();
    return 1;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
  progress.stop();
  const result = { ...mergeResponses(chunks[0]!, parts, count), created_count: created };
  if (ctx.json) await ctx.printJson(result);
  else
    await ctx.lines(
      formatGenerateSummary(
        result,
        { seedGiven: o.seed !== undefined, requests: chunks.length, elapsedMs: Date.now() - started },
        ctx.width,
      ),
    );
  return 0;
}
