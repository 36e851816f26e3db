import { DATASET_LIMIT_MAX, SCORE_CRITERIA } from "@tunix-rt/contracts";
import { type Command, Option } from "commander";
import type { SelectionOptions } from "./datasets/build-body.js";
import { collectMeta } from "./datasets/build-body.js";
import {
  buildCommand,
  type DatasetListOptions,
  deleteDatasetCommand,
  listDatasetsCommand,
  previewCommand,
  type ShowOptions,
  showDatasetCommand,
} from "./datasets/dataset-commands.js";
import { type ExportOptions, exportCommand } from "./datasets/export-command.js";
import { finiteNumber, fraction, intInRange, withServerOptions } from "./server-options.js";
import { tracesAction } from "./traces/cli-context.js";

const SPLIT_NAMES = ["train", "val", "test"];

/** The selection flags `build` and `preview` share, mirroring the build request's fields. */
function selectionOptions(cmd: Command, { build }: { build: boolean }): Command {
  cmd
    .option("--source <source>", "only traces whose meta.source is this")
    .option("--q <text>", "text in the prompt or final answer")
    .option("--created-after <iso>", "created at or after this ISO 8601 time")
    .option("--created-before <iso>", "created before this ISO 8601 time")
    .addOption(
      new Option("--criteria <criteria>", "score criteria for --min/--max-score (default baseline)").choices(
        SCORE_CRITERIA,
      ),
    )
    .option("--min-score <n>", "latest score of --criteria at least n", finiteNumber)
    .option("--max-score <n>", "latest score of --criteria at most n", finiteNumber)
    .option(
      "--meta <key=value>",
      "meta[key] equals value (JSON when it parses, else text); repeatable",
      collectMeta,
    )
    .option("--distinct-prompts", "one trace per distinct prompt text (the earliest stored)")
    .option(
      "--limit <n>",
      `traces to select, at most ${DATASET_LIMIT_MAX.toLocaleString("en-US")} (default 100)`,
      intInRange(1, DATASET_LIMIT_MAX),
    );
  if (build) {
    cmd
      .addOption(
        new Option(
          "--strategy <strategy>",
          "newest first, or a seeded random sample (default latest)",
        ).choices(["latest", "random"]),
      )
      .option(
        "--seed <n>",
        "seed of --strategy random (required there)",
        intInRange(0, Number.MAX_SAFE_INTEGER),
      )
      .option("--val <fraction>", "share of the selection in the val split, e.g. 0.1", fraction)
      .option("--test <fraction>", "share of the selection in the test split, e.g. 0.1", fraction)
      .option(
        "--split-seed <n>",
        "seed of the split assignment (keep it to keep each trace in its split; default 0)",
        intInRange(0, Number.MAX_SAFE_INTEGER),
      )
      .option("--parent <key>", "dataset this version derives from (recorded; blocks deleting the parent)")
      .option("--session-id <id>", "session id to record")
      .option("--training-run-id <id>", "training run id to record");
  }
  return cmd;
}

const renderOptions = (cmd: Command) =>
  cmd
    .addOption(new Option("--split <split>", "only this split").choices(SPLIT_NAMES))
    .addOption(
      new Option(
        "--style <style>",
        "response layout: numbered (Reasoning/Answer) or tagged (<reasoning>/<answer>)",
      ).choices(["numbered", "tagged"]),
    )
    .option("--system <text>", "system instruction, merged into the first user turn");

export function registerDatasetsCommand(program: Command) {
  const datasets = withServerOptions(
    program.command("datasets").description("Build, preview, list, show, export and delete datasets"),
  );

  selectionOptions(
    datasets
      .command("build")
      .description("Freeze the traces matching the filters into a new immutable dataset NAME-VERSION")
      .argument("<name>", "dataset name")
      .argument("<version>", "dataset version (NAME-VERSION is the key; an existing key is refused)"),
    { build: true },
  ).action(tracesAction<SelectionOptions>(buildCommand));

  selectionOptions(
    datasets
      .command("preview")
      .description("Count the traces a build with these filters would match and select"),
    { build: false },
  ).action(tracesAction<SelectionOptions>(previewCommand));

  datasets
    .command("list")
    .description("List dataset versions, newest first")
    .option("--name <name>", "only versions of this dataset name")
    .option("--limit <n>", "datasets per page (1-100; default 20, or 100 with --all)", intInRange(1, 100))
    .option("--cursor <cursor>", "continue from a previous page's next cursor")
    .option("--all", "follow next cursors through every page")
    .action(tracesAction<DatasetListOptions>(listDatasetsCommand));

  renderOptions(
    datasets
      .command("show")
      .description(
        "Show a dataset: selection, split sizes, statistics; token histogram and examples on request",
      )
      .argument("<key>", "dataset key (NAME-VERSION)")
      .option("--tokens", "Gemma 3 token statistics, histogram and truncation count")
      .option(
        "--max-seq-length <n>",
        "sequence length to count truncations against (implies --tokens; default 2048)",
        intInRange(1, 1_048_576),
      )
      .option("--bins <n>", "histogram bins (implies --tokens; default 40)", intInRange(1, 200))
      .option(
        "--examples <n>",
        "show N rendered examples (1-50): masked prompt, trained completion",
        intInRange(1, 50),
      ),
  ).action(tracesAction<ShowOptions>(showDatasetCommand));

  renderOptions(
    datasets
      .command("export")
      .description("Stream the dataset as NDJSON to a file or stdout, with a progress bar on stderr")
      .argument("<key>", "dataset key (NAME-VERSION)")
      .addOption(
        new Option("--format <format>", "record format (default trace)").choices([
          "trace",
          "tunix_sft",
          "training_example",
          "chat",
        ]),
      )
      .option("-o, --output <file>", "file to write, or - for stdout (default stdout)"),
  ).action(tracesAction<ExportOptions>(exportCommand));

  datasets
    .command("delete")
    .description("Delete a dataset version (refused while another dataset names it as parent)")
    .argument("<key>", "dataset key (NAME-VERSION)")
    .action(tracesAction(deleteDatasetCommand));
}
