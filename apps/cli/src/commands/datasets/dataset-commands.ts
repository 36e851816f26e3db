import type { DatasetSummary } from "@tunix-rt/contracts";
import {
  ANSI,
  type DatasetColumn,
  datasetColumns,
  datasetHeader,
  datasetRow,
  formatBuildResult,
  formatDatasetDetail,
  formatExamples,
  formatPreview,
  formatTokens,
  nextDatasetPageHint,
  PLAIN,
} from "../../output/format-dataset.js";
import type { TracesContext } from "../traces/cli-context.js";
import { buildBody, type SelectionOptions } from "./build-body.js";

/** `datasets build NAME VERSION [filters…]`: 409 when the key exists (datasets are immutable). */
export async function buildCommand(
  ctx: TracesContext,
  [name, version]: string[],
  o: SelectionOptions,
): Promise<number> {
  const body = buildBody(o, name, version) as Parameters<TracesContext["client"]["datasets"]["build"]>[0];
  const r = await ctx.client.datasets.build(body);
  if (ctx.json) await ctx.printJson(r);
  else await ctx.lines(formatBuildResult(r, ctx.width, ctx.server));
  return 0;
}

export async function previewCommand(
  ctx: TracesContext,
  _args: string[],
  o: SelectionOptions,
): Promise<number> {
  const r = await ctx.client.datasets.preview(buildBody(o));
  if (ctx.json) await ctx.printJson(r);
  else await ctx.lines(formatPreview(r, o.limit));
  return 0;
}

export interface DatasetListOptions {
  name?: string;
  limit?: number;
  cursor?: string;
  all?: boolean;
}

/** `datasets list`: one page, or with --all every page (JSON: one stitched {data, pagination}). */
export async function listDatasetsCommand(
  ctx: TracesContext,
  _args: string[],
  o: DatasetListOptions,
): Promise<number> {
  const query = (cursor: string | undefined) => ({
    name: o.name,
    limit: o.limit ?? (o.all ? 100 : undefined),
    cursor,
  });
  if (!o.all) {
    const page = await ctx.client.datasets.list(query(o.cursor));
    if (ctx.json) {
      await ctx.printJson(page);
      return 0;
    }
    if (page.data.length === 0) {
      await ctx.lines(["no datasets"]);
      return 0;
    }
    const cols = datasetColumns(page.data, ctx.width);
    await ctx.lines([datasetHeader(cols), ...page.data.map((d) => datasetRow(d, cols))]);
    const hint = nextDatasetPageHint(page.pagination.next_cursor);
    if (hint) await ctx.lines(["", hint]);
    return 0;
  }
  let cursor = o.cursor;
  let cols: DatasetColumn[] | null = null;
  let count = 0;
  let limit = 0;
  if (ctx.json) await ctx.write('{"data":[');
  do {
    const page = await ctx.client.datasets.list(query(cursor));
    limit = page.pagination.limit;
    if (ctx.json) {
      await ctx.write(
        page.data
          .map((d: DatasetSummary, i) => `${count + i === 0 ? "\n" : ",\n"}${JSON.stringify(d)}`)
          .join(""),
      );
    } else if (page.data.length) {
      if (!cols) {
        cols = datasetColumns(page.data, ctx.width);
        await ctx.lines([datasetHeader(cols)]);
      }
      const c = cols;
      await ctx.lines(page.data.map((d) => datasetRow(d, c)));
    }
    count += page.data.length;
    cursor = page.pagination.next_cursor ?? undefined;
  } while (cursor);
  if (ctx.json) await ctx.write(`\n],"pagination":{"limit":${limit},"next_cursor":null}}\n`);
  else await ctx.lines([count === 0 ? "no datasets" : `${count} dataset${count === 1 ? "" : "s"}`]);
  return 0;
}

export interface ShowOptions {
  tokens?: boolean;
  maxSeqLength?: number;
  bins?: number;
  examples?: number;
  split?: "train" | "val" | "test";
  style?: "numbered" | "tagged";
  system?: string;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

/**
 * `datasets show KEY [--tokens] [--examples N]`. With --json: the dataset document, plus
 * `tokens` and `examples` (the API's responses) when asked for.
 */
export async function showDatasetCommand(
  ctx: TracesContext,
  [key]: string[],
  o: ShowOptions,
): Promise<number> {
  const render = { split: o.split, response_style: o.style, system_instruction: o.system };
  const detail = await ctx.client.datasets.get(key!);
  // The first token count loads the Gemma 3 tokenizer on the server, which takes a few seconds.
  if ((o.tokens || o.examples) && !ctx.json && process.stderr.isTTY) {
    process.stderr.write("counting tokens (the server's first count loads the Gemma 3 tokenizer)…\n");
  }
  const [tokens, examples] = await Promise.all([
    o.tokens || o.maxSeqLength !== undefined || o.bins !== undefined
      ? ctx.client.datasets.tokens(key!, { ...render, max_seq_length: o.maxSeqLength, bins: o.bins })
      : undefined,
    o.examples ? ctx.client.datasets.examples(key!, { ...render, limit: o.examples }) : undefined,
  ]);
  if (ctx.json) {
    await ctx.printJson({
      ...detail,
      ...(tokens ? { tokens } : {}),
      ...(examples ? { examples } : {}),
    });
    return 0;
  }
  const out = formatDatasetDetail(detail, ctx.width);
  if (tokens) out.push("", ...formatTokens(tokens, ctx.width));
  if (examples) out.push("", ...formatExamples(examples.data, useColor() ? ANSI : PLAIN));
  await ctx.lines(out);
  return 0;
}

/** The API answers 204 with no body; --json gets a small document so scripts can still parse. */
export async function deleteDatasetCommand(ctx: TracesContext, [key]: string[]): Promise<number> {
  await ctx.client.datasets.delete(key!);
  if (ctx.json) await ctx.printJson({ dataset_key: key, deleted: true });
  else await ctx.lines([`deleted ${key}`]);
  return 0;
}
