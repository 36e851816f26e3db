import type { ListTracesQueryInput, TraceSort, TraceSummary } from "@tunix-rt/contracts";
import type { ListColumn } from "../../output/format-list.js";
import { listColumns, listHeader, listRow, nextPageHint } from "../../output/format-list.js";
import type { TracesContext } from "./cli-context.js";

export interface ListOptions {
  source?: string;
  traceVersion?: string;
  q?: string;
  createdAfter?: string;
  createdBefore?: string;
  minScore?: number;
  maxScore?: number;
  criteria?: string;
  sort?: TraceSort;
  limit?: number;
  cursor?: string;
  all?: boolean;
}

export function listQuery(o: ListOptions, cursor: string | undefined): ListTracesQueryInput {
  return {
    source: o.source,
    trace_version: o.traceVersion,
    q: o.q,
    created_after: o.createdAfter,
    created_before: o.createdBefore,
    min_score: o.minScore,
    max_score: o.maxScore,
    score_criteria: o.criteria,
    sort: o.sort,
    // --all walks pages: take the largest page the API allows unless a size was asked for.
    limit: o.limit ?? (o.all ? 100 : undefined),
    cursor,
  };
}

/**
 * `traces list`: one page, or with --all every page, printed as it arrives. In --json mode the
 * pages are stitched into one document ({data, pagination}) written item by item.
 */
export async function listCommand(ctx: TracesContext, _args: string[], o: ListOptions): Promise<number> {
  if (!o.all) {
    const page = await ctx.client.traces.list(listQuery(o, o.cursor));
    if (ctx.json) {
      await ctx.printJson(page);
      return 0;
    }
    if (page.data.length === 0) {
      await ctx.lines(["no traces match"]);
      return 0;
    }
    const cols = listColumns(page.data, ctx.width);
    await ctx.lines([listHeader(cols), ...page.data.map((t) => listRow(t, cols))]);
    const hint = nextPageHint(page.pagination.next_cursor);
    if (hint) await ctx.lines(["", hint]);
    return 0;
  }

  let cursor = o.cursor;
  let cols: ListColumn[] | null = null;
  let count = 0;
  let limit = 0;
  if (ctx.json) await ctx.write('{"data":[');
  do {
    const page = await ctx.client.traces.list(listQuery(o, cursor));
    limit = page.pagination.limit;
    if (ctx.json) {
      await ctx.write(
        page.data
          .map((t: TraceSummary, i) => `${count + i === 0 ? "\n" : ",\n"}${JSON.stringify(t)}`)
          .join(""),
      );
    } else if (page.data.length) {
      // Widths come from the first page and then stay fixed, so later rows line up under the header.
      if (!cols) {
        cols = listColumns(page.data, ctx.width);
        await ctx.lines([listHeader(cols)]);
      }
      const c = cols;
      await ctx.lines(page.data.map((t) => listRow(t, c)));
    }
    count += page.data.length;
    cursor = page.pagination.next_cursor ?? undefined;
  } while (cursor);
  if (ctx.json) await ctx.write(`\n],"pagination":{"limit":${limit},"next_cursor":null}}\n`);
  else await ctx.lines([count === 0 ? "no traces match" : `${count} trace${count === 1 ? "" : "s"}`]);
  return 0;
}
