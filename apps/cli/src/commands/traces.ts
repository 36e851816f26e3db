import { SCORE_CRITERIA, TRACE_SORTS } from "@tunix-rt/contracts";
import { type Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_SERVER, tracesAction } from "./traces/cli-context.js";
import { importCommand } from "./traces/import-command.js";
import { type ListOptions, listCommand } from "./traces/list-command.js";
import { compareCommand, deleteCommand, scoreCommand, showCommand } from "./traces/trace-commands.js";

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number ≥ 1");
  return n;
}

function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError("must be a number");
  return n;
}

export function registerTracesCommand(program: Command) {
  const traces = program
    .command("traces")
    .description("Import, list, show, score, compare and delete traces")
    .addOption(
      new Option("--server <url>", "tunix-rt server to talk to")
        .env("TUNIX_RT_SERVER")
        .default(DEFAULT_SERVER),
    )
    .option("--json", "print the API's JSON (one document) instead of human output")
    // Usage mistakes exit 2 so scripts can tell them from failures (1); help and version stay 0.
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

  traces
    .command("import")
    .description("Stream traces from an NDJSON file, a JSON array or JSON object(s) ('-' reads stdin)")
    .argument("<file>", "file to read, or - for stdin")
    .addOption(
      new Option("--on-duplicate <mode>", "what to do with a trace already stored (same content)")
        .choices(["skip", "store"])
        .default("store"),
    )
    .action(tracesAction(importCommand));

  traces
    .command("list")
    .description("List trace summaries, newest first")
    .option("--source <source>", "only traces whose meta.source is this")
    .option("--trace-version <version>", "only traces of this trace_version")
    .option("--q <text>", "text in the prompt or final answer")
    .option("--created-after <iso>", "created at or after this ISO 8601 time")
    .option("--created-before <iso>", "created before this ISO 8601 time")
    .option("--min-score <n>", "latest score of --criteria at least n", finiteNumber)
    .option("--max-score <n>", "latest score of --criteria at most n", finiteNumber)
    .addOption(
      new Option("--criteria <criteria>", "score criteria for --min/--max-score (default baseline)").choices(
        SCORE_CRITERIA,
      ),
    )
    .addOption(
      new Option(
        "--sort <order>",
        "order by a column; '-' first means high to low (default -created_at)",
      ).choices(TRACE_SORTS),
    )
    .option("--limit <n>", "traces per page (1-100; default 20, or 100 with --all)", positiveInt)
    .option("--cursor <cursor>", "continue from a previous page's next cursor")
    .option("--all", "follow next cursors through every page")
    .action(tracesAction<ListOptions>(listCommand));

  traces
    .command("show")
    .description("Show one trace: prompt, steps, final answer, meta and stored scores")
    .argument("<id>", "trace id")
    .action(tracesAction(showCommand));

  traces
    .command("score")
    .description("Score traces and store the scores (several ids are scored in one request)")
    .argument("<ids...>", "trace ids (up to 1000)")
    .addOption(
      new Option("--criteria <criteria>", "how to score").choices(SCORE_CRITERIA).default("baseline"),
    )
    .action(tracesAction(scoreCommand));

  traces
    .command("compare")
    .description("Compare two traces side by side: aligned steps, first divergence, answers, scores")
    .argument("<base>", "base trace id (left)")
    .argument("<other>", "other trace id (right)")
    .option("--full", "show long steps in full instead of cutting them at 6 lines")
    .action(tracesAction(compareCommand));

  traces
    .command("delete")
    .description("Delete traces and their scores (several ids: all or none)")
    .argument("<ids...>", "trace ids (up to 1000)")
    .action(tracesAction(deleteCommand));
}
