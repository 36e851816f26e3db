import type { ListWorkersResponse, RunDetail, RunStatus, RunSummary } from "@tunix-rt/contracts";
import { isTerminalStatus } from "@tunix-rt/contracts/run-status";
import type { z } from "zod";
import { formatRunComparison } from "../../output/format-run-comparison.js";
import {
  formatArtifacts,
  formatDryRun,
  formatLogLine,
  formatMetrics,
  formatRunDetail,
  formatRunEnd,
  formatSubmitted,
  formatTrainerBackends,
  formatWorkers,
  nextRunPageHint,
  type RunColumn,
  runColumns,
  runHeader,
  runRow,
  serverFlag,
} from "../../output/format-runs.js";
import { useColor } from "../datasets/dataset-commands.js";
import { DEFAULT_SERVER, type TracesContext } from "../traces/cli-context.js";
import { followRun } from "./follow-run.js";
import { type SubmitOptions, submitBody } from "./submit-body.js";

const flagOf = (ctx: TracesContext) => serverFlag(ctx.server, DEFAULT_SERVER);

/**
 * `runs submit`: queues a run (prints its id and state), or with --dry-run checks it and prints
 * the findings (exit 1 when one failed). --follow streams the log until the run ends.
 */
export async function submitCommand(ctx: TracesContext, _args: string[], o: SubmitOptions): Promise<number> {
  const run = await ctx.client.runs.submit(submitBody(o));
  if (run.mode === "dry-run") {
    if (ctx.json) await ctx.printJson(run);
    else await ctx.lines(formatDryRun(run, ctx.width));
    return (run.findings ?? []).every((f) => f.ok) && run.status === "completed" ? 0 : 1;
  }
  return afterQueued(ctx, run, o.follow === true, "submitted");
}

/** What submit and retry share once a run is queued: print it, or follow it. */
async function afterQueued(ctx: TracesContext, run: RunDetail, follow: boolean, verb: string) {
  if (!follow) {
    if (ctx.json) await ctx.printJson(run);
    else await ctx.lines(formatSubmitted(run, flagOf(ctx), verb));
    return 0;
  }
  // Following: stdout carries the log (or NDJSON events), so the run's id goes to stderr.
  if (ctx.json) await ctx.write(`${JSON.stringify({ event: verb, run })}\n`);
  else
    process.stderr.write(
      `${verb} run ${run.run_id} (${run.status}); following its log (Ctrl-C to detach or cancel)\n`,
    );
  return followRun(ctx, run.run_id, { sinceSeq: 0 });
}

export interface RetryOptions {
  resume?: boolean;
  follow?: boolean;
}

/** `runs retry ID [--resume] [--follow]`: a new run with the same config. */
export async function retryCommand(ctx: TracesContext, [id]: string[], o: RetryOptions): Promise<number> {
  const run = await ctx.client.runs.retry(id!, { resume: o.resume === true });
  return afterQueued(ctx, run, o.follow === true, "retried as");
}

export interface RunListOptions {
  status?: RunStatus;
  kind?: string;
  dataset?: string;
  model?: string;
  trainer?: string;
  label?: string;
  mode?: "dry-run" | "local";
  createdAfter?: string;
  createdBefore?: string;
  sort?: string;
  limit?: number;
  cursor?: string;
  all?: boolean;
}

/** `runs list`: one page, or with --all every page (JSON: one stitched {data, pagination}). */
export async function listRunsCommand(
  ctx: TracesContext,
  _args: string[],
  o: RunListOptions,
): Promise<number> {
  const query = (cursor: string | undefined) => ({
    status: o.status,
    kind: o.kind,
    dataset_key: o.dataset,
    model_id: o.model,
    trainer: o.trainer,
    label: o.label,
    mode: o.mode,
    created_after: o.createdAfter,
    created_before: o.createdBefore,
    sort: o.sort,
    limit: o.limit ?? (o.all ? 100 : undefined),
    cursor,
  });
  if (!o.all) {
    const page = await ctx.client.runs.list(query(o.cursor));
    if (ctx.json) {
      await ctx.printJson(page);
      return 0;
    }
    if (page.data.length === 0) {
      await ctx.lines(["no runs match"]);
      return 0;
    }
    const cols = runColumns(ctx.width);
    await ctx.lines([runHeader(cols), ...page.data.map((r) => runRow(r, cols))]);
    const hint = nextRunPageHint(page.pagination.next_cursor);
    if (hint) await ctx.lines(["", hint]);
    return 0;
  }
  let cursor = o.cursor;
  let cols: RunColumn[] | null = null;
  let count = 0;
  let limit = 0;
  if (ctx.json) await ctx.write('{"data":[');
  do {
    const page = await ctx.client.runs.list(query(cursor));
    limit = page.pagination.limit;
    if (ctx.json) {
      await ctx.write(
        page.data.map((r: RunSummary, i) => `${count + i === 0 ? "\n" : ",\n"}${JSON.stringify(r)}`).join(""),
      );
    } else if (page.data.length) {
      if (!cols) {
        cols = runColumns(ctx.width);
        await ctx.lines([runHeader(cols)]);
      }
      const c = cols;
      await ctx.lines(page.data.map((r) => runRow(r, c)));
    }
    count += page.data.length;
    cursor = page.pagination.next_cursor ?? undefined;
  } while (cursor);
  if (ctx.json) await ctx.write(`\n],"pagination":{"limit":${limit},"next_cursor":null}}\n`);
  else await ctx.lines([count === 0 ? "no runs match" : `${count} run${count === 1 ? "" : "s"}`]);
  return 0;
}

/** `runs show ID`. */
export async function showRunCommand(ctx: TracesContext, [id]: string[]): Promise<number> {
  const run = await ctx.client.runs.get(id!);
  if (ctx.json) await ctx.printJson(run);
  else await ctx.lines(formatRunDetail(run, ctx.width, flagOf(ctx)));
  return 0;
}

/** `runs rename ID [NAME]`: names a run, or clears its name. */
export async function renameRunCommand(ctx: TracesContext, [id, name]: string[]): Promise<number> {
  if (name !== undefined && !name.trim()) {
    process.stderr.write("error: the name is blank; leave NAME out to clear the run's name\n");
    return 2;
  }
  const run = await ctx.client.runs.rename(id!, name ?? null);
  if (ctx.json) await ctx.printJson(run);
  else
    await ctx.lines([
      run.name ? `run ${run.run_id} is now named "${run.name}"` : `run ${run.run_id} has no name now`,
    ]);
  return 0;
}

export interface CompareRunsOptions {
  allParams?: boolean;
}

/** `runs compare ID ID [ID…] [--all-params]`. */
export async function compareRunsCommand(
  ctx: TracesContext,
  args: string[],
  o: CompareRunsOptions,
): Promise<number> {
  const ids = args.flat(); // commander hands a variadic argument over as one array
  const c = await ctx.client.runs.compare(ids);
  if (ctx.json) await ctx.printJson(c);
  else await ctx.lines(formatRunComparison(c, ctx.width, o.allParams));
  return 0;
}

export interface LogsOptions {
  follow?: boolean;
  sinceSeq?: number;
}

const SNAPSHOT_PAGE = 10_000;

/**
 * `runs logs ID [-f] [--since-seq N]`: the stored lines after N (a snapshot, page by page), or
 * with -f the live log until the run ends. Snapshot --json: one `{run_id, status, lines, next_seq}`.
 */
export async function logsCommand(ctx: TracesContext, [id]: string[], o: LogsOptions): Promise<number> {
  const since = o.sinceSeq ?? 0;
  if (o.follow) return followRun(ctx, id!, { sinceSeq: since });
  const color = !ctx.json && useColor(process.stdout);
  let after = since;
  let status = "";
  let runId = id!;
  let count = 0;
  for (;;) {
    const page = await ctx.client.runs.logs(id!, { sinceSeq: after, limit: SNAPSHOT_PAGE });
    status = page.status;
    runId = page.run_id;
    if (ctx.json) {
      if (count === 0) await ctx.write(`{"run_id":${JSON.stringify(runId)},"lines":[`);
      await ctx.write(
        page.lines.map((l, i) => `${count + i === 0 ? "\n" : ",\n"}${JSON.stringify(l)}`).join(""),
      );
    } else if (page.lines.length) await ctx.lines(page.lines.map((l) => formatLogLine(l, color)));
    count += page.lines.length;
    after = page.next_seq;
    if (page.lines.length < SNAPSHOT_PAGE) break;
  }
  if (ctx.json) {
    if (count === 0) await ctx.write(`{"run_id":${JSON.stringify(runId)},"lines":[`);
    await ctx.write(`\n],"status":${JSON.stringify(status)},"next_seq":${after}}\n`);
  } else if (!isTerminalStatus(status)) {
    process.stderr.write(
      `run ${runId} is ${status}; follow on from here: tunix-rt runs logs ${runId} -f --since-seq ${after}${flagOf(ctx)}\n`,
    );
  }
  return 0;
}

export interface MetricsOptions {
  names?: string;
  maxPoints?: number;
}

/** `runs metrics ID`: last value, min, max, point count and a sparkline per series. */
export async function metricsCommand(ctx: TracesContext, [id]: string[], o: MetricsOptions): Promise<number> {
  const names = o.names
    ?.split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const m = await ctx.client.runs.metrics(id!, { names, maxPoints: o.maxPoints });
  if (ctx.json) await ctx.printJson(m);
  else await ctx.lines(formatMetrics(m, ctx.width));
  return 0;
}

export interface CancelOptions {
  wait?: boolean;
}

/**
 * `runs cancel ID [--wait]`: pending → cancelled at once; running → cancel requested (SIGTERM,
 * then SIGKILL after the grace period). --wait polls until the run has stopped and exits 0 only
 * if it ended cancelled. A finished run is the server's 409 (exit 1).
 */
export async function cancelCommand(ctx: TracesContext, [id]: string[], o: CancelOptions): Promise<number> {
  let run = await ctx.client.runs.cancel(id!);
  if (o.wait) {
    while (!isTerminalStatus(run.status)) {
      await new Promise((r) => setTimeout(r, 200));
      run = await ctx.client.runs.get(id!);
    }
  }
  if (ctx.json) await ctx.printJson(run);
  else if (isTerminalStatus(run.status)) await ctx.lines(formatRunEnd(run, flagOf(ctx)));
  else
    await ctx.lines([
      `run ${run.run_id}: cancel requested; the trainer gets SIGTERM, then SIGKILL after the grace period`,
      `  watch it stop: tunix-rt runs logs ${run.run_id} -f${flagOf(ctx)}`,
    ]);
  return o.wait && run.status !== "cancelled" ? 1 : 0;
}

export interface ArtifactsOptions {
  hash?: boolean;
}

/** `runs artifacts ID [--hash]`. */
export async function artifactsCommand(
  ctx: TracesContext,
  [id]: string[],
  o: ArtifactsOptions,
): Promise<number> {
  const r = await ctx.client.runs.artifacts(id!, { hash: o.hash === true });
  if (ctx.json) await ctx.printJson(r);
  else await ctx.lines(formatArtifacts(r.artifacts, ctx.width, r.truncated));
  return 0;
}

/** `tunix-rt workers`. */
export async function workersCommand(ctx: TracesContext): Promise<number> {
  const r = (await ctx.client.workers.list()) as unknown as z.infer<typeof ListWorkersResponse>;
  if (ctx.json) await ctx.printJson(r);
  else await ctx.lines(formatWorkers(r.data, ctx.width));
  return 0;
}

/** `tunix-rt trainers`: which built-in trainer backends the server's host can run, or why not. */
export async function trainersCommand(ctx: TracesContext): Promise<number> {
  const status = await ctx.client.tunix.status();
  if (ctx.json) await ctx.printJson(status);
  else await ctx.lines(formatTrainerBackends(status));
  return 0;
}
