import { open } from "node:fs/promises";
import type { BuildEvalSetBodyInput } from "@tunix-rt/contracts";
import { formatEvalSet, formatEvalSets } from "../../output/format-evals.js";
import type { TracesContext } from "../traces/cli-context.js";
import { toWebStream } from "../traces/ndjson-source.js";

type GeneratorSourceInput = Extract<BuildEvalSetBodyInput["source"], { kind: "generator" }>;

export interface ImportSetOptions {
  description?: string;
  extraction?: string;
}

/** `evals sets import NAME VERSION FILE|-`: the file streams to the server, which stores all of it or nothing. */
export async function importSetCommand(
  ctx: TracesContext,
  [name, version, file]: string[],
  o: ImportSetOptions,
): Promise<number> {
  let source: AsyncIterable<Uint8Array>;
  if (file === "-") source = process.stdin;
  else {
    const handle = await open(file!, "r").catch((err: NodeJS.ErrnoException) => {
      throw new Error(`cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
    });
    source = handle.createReadStream({ highWaterMark: 256 * 1024 });
  }
  async function* chunks() {
    for await (const c of source) yield c;
  }
  const set = await ctx.client.evals.sets.import(toWebStream(chunks()), {
    name: name!,
    version: version!,
    description: o.description,
    extraction: o.extraction?.split(",").map((s) => s.trim()),
  });
  if (ctx.json) await ctx.printJson(set);
  else await ctx.lines(formatEvalSet(set));
  return 0;
}

export interface BuildSetOptions {
  fromDataset?: string;
  split?: "train" | "val" | "test";
  generator?: string;
  count?: number;
  seed?: number;
  difficulty?: string;
  option?: Record<string, unknown>;
  excludeDataset?: string;
  description?: string;
  extraction?: string;
}

export function buildSetBody([name, version]: string[], o: BuildSetOptions): BuildEvalSetBodyInput {
  if (Boolean(o.fromDataset) === Boolean(o.generator))
    throw new Error("say where the items come from: --from-dataset KEY, or --generator NAME --count N");
  const head = {
    name: name!,
    version: version!,
    description: o.description,
    extraction: o.extraction?.split(",").map((s) => s.trim()) as BuildEvalSetBodyInput["extraction"],
  };
  if (o.fromDataset)
    return { ...head, source: { kind: "dataset", dataset_key: o.fromDataset, split: o.split ?? "test" } };
  if (o.count === undefined) throw new Error("--generator needs --count N");
  const difficulty =
    o.difficulty === undefined ? undefined : /^\d+$/.test(o.difficulty) ? Number(o.difficulty) : o.difficulty;
  return {
    ...head,
    source: {
      kind: "generator",
      generator: o.generator as "arithmetic",
      count: o.count,
      seed: o.seed,
      // As typed on the command line: the server checks them and answers 422 naming a bad one.
      options: {
        ...(difficulty === undefined ? {} : { difficulty }),
        ...o.option,
      } as GeneratorSourceInput["options"],
      exclude_dataset: o.excludeDataset,
    },
  };
}

/** `evals sets build NAME VERSION --from-dataset KEY | --generator NAME --count N [--exclude-dataset KEY]`. */
export async function buildSetCommand(
  ctx: TracesContext,
  args: string[],
  o: BuildSetOptions,
): Promise<number> {
  const set = await ctx.client.evals.sets.build(buildSetBody(args, o));
  if (ctx.json) await ctx.printJson(set);
  else {
    await ctx.lines(formatEvalSet(set));
    const skipped = (set.source as { skipped?: { excluded: number; repeated: number } }).skipped;
    if (skipped)
      process.stderr.write(
        `held out: skipped ${skipped.excluded} problems found in the excluded dataset and ${skipped.repeated} repeats\n`,
      );
  }
  return 0;
}

export async function listSetsCommand(
  ctx: TracesContext,
  _args: string[],
  o: { all?: boolean; limit?: number },
): Promise<number> {
  let cursor: string | undefined;
  const all = [];
  do {
    const page = await ctx.client.evals.sets.list({ limit: o.limit ?? (o.all ? 100 : 50), cursor });
    all.push(...page.data);
    cursor = o.all ? (page.pagination.next_cursor ?? undefined) : undefined;
  } while (cursor);
  if (ctx.json) await ctx.printJson({ data: all });
  else await ctx.lines(formatEvalSets(all, ctx.width));
  return 0;
}

export async function showSetCommand(
  ctx: TracesContext,
  [key]: string[],
  o: { items?: number },
): Promise<number> {
  const set = await ctx.client.evals.sets.get(key!);
  const items = o.items ? (await ctx.client.evals.sets.items(key!, { limit: o.items })).data : [];
  if (ctx.json) await ctx.printJson(o.items ? { ...set, items } : set);
  else
    await ctx.lines([
      ...formatEvalSet(set),
      ...items.map((i) => `  ${i.id}: ${i.prompt.replace(/\s+/g, " ").slice(0, 80)} → ${i.expected_answer}`),
    ]);
  return 0;
}
