import { RUN_KINDS, RUN_STATUSES } from "@tunix-rt/contracts";
import { type Command, Option } from "commander";
import { type DownloadOptions, downloadCommand } from "./runs/download-command.js";
import {
  type ArtifactsOptions,
  artifactsCommand,
  type CancelOptions,
  type CompareRunsOptions,
  cancelCommand,
  compareRunsCommand,
  type LogsOptions,
  listRunsCommand,
  logsCommand,
  type MetricsOptions,
  metricsCommand,
  type RetryOptions,
  type RunListOptions,
  renameRunCommand,
  retryCommand,
  showRunCommand,
  submitCommand,
  trainersCommand,
  workersCommand,
} from "./runs/run-commands.js";
import {
  collectLabel,
  collectOption,
  jsonObject,
  type SubmitOptions,
  timeoutSeconds,
  wholeNumber,
} from "./runs/submit-body.js";
import { finiteNumber, intInRange, withServerOptions } from "./server-options.js";
import { tracesAction } from "./traces/cli-context.js";

/** `tunix-rt runs …` (submit, list, show, logs, metrics, cancel, retry, artifacts, download) and `tunix-rt workers`. */
export function registerRunsCommands(program: Command) {
  const runs = withServerOptions(
    program
      .command("runs")
      .description("Submit training runs, follow their logs, cancel, retry, and download what they produced"),
  );

  runs
    .command("submit")
    .description("Queue a training run (or check it with --dry-run); --follow streams its log until it ends")
    .requiredOption("--dataset <key>", "dataset key (NAME-VERSION) to train on")
    .option("--name <name>", 'a name for the run, shown beside its id (e.g. "lr 4e-3, warmup 200")')
    .option("--model <id>", "model id (default: the trainer's, jax: tiny, tunix: gemma-3-1b-it)")
    .option("--trainer <name>", "registered trainer (server default: jax)")
    .option(
      "--learning-rate <lr>",
      "peak learning rate (default: the trainer's, jax: 2e-3, tunix: 2e-5)",
      finiteNumber,
    )
    .option("--num-epochs <n>", "epochs (default 1 unless --max-steps)", wholeNumber)
    .option("--max-steps <n>", "stop after this many steps", wholeNumber)
    .option("--batch-size <n>", "batch size (default 8)", wholeNumber)
    .option(
      "--max-seq-length <n>",
      "tokens per example; longer ones are truncated (default 2048)",
      wholeNumber,
    )
    .option("--warmup-steps <n>", "learning-rate warmup steps (default 0)", wholeNumber)
    .option("--weight-decay <x>", "weight decay (default 0)", finiteNumber)
    .option("--seed <n>", "training seed (default 0)", wholeNumber)
    .option("--eval-every-steps <n>", "evaluate every n steps", wholeNumber)
    .option("--save-every-steps <n>", "checkpoint every n steps", wholeNumber)
    .option(
      "--option <key=value>",
      "trainer option (trainer_options[key]; the value is JSON when it parses); repeatable",
      collectOption,
    )
    .option(
      "--trainer-options <json>",
      "trainer_options as one JSON object (--option entries win)",
      jsonObject,
    )
    .addOption(
      new Option("--style <style>", "response layout: numbered (Reasoning/Answer) or tagged").choices([
        "numbered",
        "tagged",
      ]),
    )
    .option("--system <text>", "system instruction, merged into the first user turn")
    .option("--label <label>", "worker label the run needs (routing); repeatable", collectLabel)
    .option("--priority <n>", "higher runs first (-1000 to 1000, default 0)", wholeNumber)
    .option(
      "--timeout <seconds>",
      "stop the run after this long (status timeout); none for no limit",
      timeoutSeconds,
    )
    .option("--max-attempts <n>", "requeue after a lost worker up to n attempts (default 1)", wholeNumber)
    .option(
      "--resume-from <ref>",
      "resume from a checkpoint: <run id> (its latest) or <run id>/checkpoints/<step>",
    )
    .option(
      "--eval-set <key>",
      "evaluate every saved checkpoint on this eval set while training (continuous evaluation); repeatable",
      collectLabel,
    )
    .addOption(
      new Option("--best-metric <metric>", "what makes a checkpoint the best (default accuracy)").choices([
        "accuracy",
        "format_rate",
      ]),
    )
    .option("--dry-run", "check everything a real run needs and print the findings; start nothing")
    .option("-f, --follow", "stream the run's log until it ends; exit 0 only if it completed")
    .action(tracesAction<SubmitOptions>(submitCommand));

  runs
    .command("list")
    .description("List runs, newest first")
    .addOption(new Option("--status <status>", "only runs in this state").choices(RUN_STATUSES))
    .addOption(new Option("--kind <kind>", "only training runs or evaluations").choices(RUN_KINDS))
    .option("--dataset <key>", "only runs of this dataset key (an evaluation's: its eval set)")
    .option("--model <id>", "only runs of this model id")
    .option("--trainer <name>", "only runs of this trainer")
    .option("--label <label>", "only runs carrying this label")
    .addOption(new Option("--mode <mode>", "only dry runs or real ones").choices(["dry-run", "local"]))
    .option("--created-after <iso>", "queued after this ISO 8601 time")
    .option("--created-before <iso>", "queued before this ISO 8601 time")
    .option(
      "--sort <order>",
      "created_at, name, status, duration, config:<field> or metric:<name>; '-' first for high to low",
    )
    .option("--limit <n>", "runs per page (1-100; default 20, or 100 with --all)", intInRange(1, 100))
    .option("--cursor <cursor>", "continue from a previous page's next cursor")
    .option("--all", "follow next cursors through every page")
    .action(tracesAction<RunListOptions>(listRunsCommand));

  runs
    .command("show")
    .description("Show a run: state, timeline, error, final metrics, resumable checkpoint, config")
    .argument("<id>", "run id")
    .action(tracesAction(showRunCommand));

  runs
    .command("rename")
    .description("Name a run (any status); without a name, clear it")
    .argument("<id>", "run id")
    .argument("[name]", "the new name")
    .action(tracesAction(renameRunCommand));

  runs
    .command("compare")
    .description("Runs side by side: the settings that differ, each metric's final and best value")
    .argument("<ids...>", "2 to 8 run ids")
    .option("--all-params", "list every setting, not only those that differ")
    .action(tracesAction<CompareRunsOptions>(compareRunsCommand));

  runs
    .command("logs")
    .description("Print a run's log (stderr lines marked); -f follows it live until the run ends")
    .argument("<id>", "run id")
    .option("-f, --follow", "follow live until the run ends (reconnects and resumes without gaps)")
    .option(
      "--since-seq <n>",
      "only lines after this sequence number (what a detached follow printed last)",
      intInRange(0, Number.MAX_SAFE_INTEGER),
    )
    .action(tracesAction<LogsOptions>(logsCommand));

  runs
    .command("metrics")
    .description("Summarize a run's metric series: last value, min, max, points, trend")
    .argument("<id>", "run id")
    .option("--names <list>", "only these series, comma-separated (e.g. train/loss,eval/loss)")
    .option(
      "--max-points <n>",
      "points per series, downsampled on the server (2-100,000; default 1,000)",
      intInRange(2, 100_000),
    )
    .action(tracesAction<MetricsOptions>(metricsCommand));

  runs
    .command("cancel")
    .description(
      "Cancel a run: pending stops at once, running gets SIGTERM then SIGKILL after the grace period",
    )
    .argument("<id>", "run id")
    .option("--wait", "wait until the run has stopped; exit 0 only if it ended cancelled")
    .action(tracesAction<CancelOptions>(cancelCommand));

  runs
    .command("retry")
    .description("Queue a new run with the same config; --resume continues from the last checkpoint")
    .argument("<id>", "run id to retry (it must have ended)")
    .option("--resume", "resume from the run's last checkpoint (resumable_from)")
    .option("-f, --follow", "stream the new run's log until it ends")
    .action(tracesAction<RetryOptions>(retryCommand));

  runs
    .command("artifacts")
    .description("List the files a run produced: path, size, modified time")
    .argument("<id>", "run id")
    .option("--hash", "compute every missing sha256 now (slow once for big weights; cached)")
    .action(tracesAction<ArtifactsOptions>(artifactsCommand));

  runs
    .command("download")
    .description("Download an artifact (a directory comes as a .tar) to a file or stdout")
    .argument("<id>", "run id")
    .argument("<path>", "artifact path as `runs artifacts` lists it, e.g. run.json or checkpoints/100")
    .option("-o, --output <file>", "file to write, or - for stdout (default: the artifact's name, here)")
    .action(tracesAction<DownloadOptions>(downloadCommand));

  withServerOptions(
    program.command("workers").description("List the workers registered with the server, live ones first"),
  ).action(tracesAction(workersCommand));

  withServerOptions(
    program
      .command("trainers")
      .description("Show which built-in trainer backends (jax, tunix) the server's host can run, or why not"),
  ).action(tracesAction(trainersCommand));
}
