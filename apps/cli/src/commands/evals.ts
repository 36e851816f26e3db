import { ITEM_CHANGES, LEADERBOARD_SORTS, RUN_STATUSES } from "@tunix-rt/contracts";
import { type Command, Option } from "commander";
import {
  baselineDeleteCommand,
  baselineListCommand,
  baselineSetCommand,
  flipsCommand,
  gateCommand,
  type LeaderboardOptions,
  leaderboardCommand,
} from "./evals/quality-commands.js";
import {
  type EvalRunOptions,
  type EvalShowOptions,
  evalCompareCommand,
  evalListCommand,
  evalRunCommand,
  evalShowCommand,
} from "./evals/run-commands.js";
import {
  type BuildSetOptions,
  buildSetCommand,
  type ImportSetOptions,
  importSetCommand,
  listSetsCommand,
  showSetCommand,
} from "./evals/set-commands.js";
import { collectLabel, collectOption, jsonObject, timeoutSeconds, wholeNumber } from "./runs/submit-body.js";
import { fraction, intInRange, withServerOptions } from "./server-options.js";
import { tracesAction } from "./traces/cli-context.js";

const extraction =
  "where answers are looked for, in order: tagged,answer_line,last_number (default all three)";

/** `tunix-rt evals …`: eval sets (import, build, list, show) and evaluations (run, show, list). */
export function registerEvalsCommands(program: Command) {
  const evals = withServerOptions(
    program
      .command("evals")
      .description("Eval sets, and evaluations of trained models on questions they have not seen"),
  );
  const sets = evals.command("sets").description("Immutable eval set versions: import, build, list, show");
  sets
    .command("import")
    .description(
      "Store an eval set from JSONL: {id, prompt, expected_answer, category?, difficulty?} per line (- for stdin)",
    )
    .argument("<name>", "eval set name")
    .argument("<version>", "eval set version (the key is NAME-VERSION)")
    .argument("<file>", "JSONL file, or - for stdin")
    .option("--description <text>", "what the set measures")
    .option("--extraction <methods>", extraction)
    .action(tracesAction<ImportSetOptions>(importSetCommand));
  sets
    .command("build")
    .description("Store an eval set from a dataset's split, or from a generator with a dataset held out")
    .argument("<name>", "eval set name")
    .argument("<version>", "eval set version")
    .option("--from-dataset <key>", "take the items of this dataset version's split")
    .addOption(
      new Option("--split <split>", "which split of --from-dataset (default test)").choices([
        "train",
        "val",
        "test",
      ]),
    )
    .option("--generator <name>", "generate the items (e.g. arithmetic)")
    .option("--count <n>", "how many items to generate", wholeNumber)
    .option("--seed <n>", "generator seed (default 0)", wholeNumber)
    .option("--difficulty <d>", "generator difficulty option (e.g. 1, 2, 3, mixed)")
    .option("--option <key=value>", "another generator option; repeatable", collectOption)
    .option(
      "--exclude-dataset <key>",
      "skip every problem whose prompt is in this dataset version (held out)",
    )
    .option("--description <text>", "what the set measures")
    .option("--extraction <methods>", extraction)
    .action(tracesAction<BuildSetOptions>(buildSetCommand));
  sets
    .command("list")
    .description("List eval sets, newest first")
    .option("--limit <n>", "per page (1-100)", intInRange(1, 100))
    .option("--all", "every page")
    .action(tracesAction(listSetsCommand));
  sets
    .command("show")
    .description("Show an eval set: source, hash, categories; --items N lists its first items")
    .argument("<key>", "eval set key (NAME-VERSION)")
    .option("--items <n>", "also list the first n items", intInRange(1, 1000))
    .action(tracesAction(showSetCommand));

  evals
    .command("run")
    .description(
      "Evaluate a training run's checkpoint (or a base model) on an eval set; --follow waits and prints the result",
    )
    .requiredOption("--eval-set <key>", "eval set key (NAME-VERSION)")
    .option("--run <id>", "training run whose model to evaluate")
    .option("--checkpoint <which>", "final (default), best, init (untrained) or a step")
    .option("--trainer <name>", "with --model: the trainer that loads a base model (e.g. tunix)")
    .option("--model <id>", "a base model to evaluate instead of a run's checkpoint")
    .option("--trainer-options <json>", "with --model: trainer_options as JSON (e.g. model_path)", jsonObject)
    .addOption(
      new Option("--style <style>", "response layout (default: as the model was trained)").choices([
        "numbered",
        "tagged",
      ]),
    )
    .option("--system <text>", "system instruction (default: as the model was trained)")
    .option("--max-new-tokens <n>", "longest answer (default 256)", wholeNumber)
    .option("--batch-size <n>", "prompts per batch (default 32)", wholeNumber)
    .option("--pass-threshold <x>", "verdict threshold on accuracy (default 0.5)", fraction)
    .addOption(
      new Option("--judge <judge>", "llm: also ask the worker's LLM judge (TUNIX_RT_JUDGE_*)").choices([
        "verifier",
        "llm",
      ]),
    )
    .option("--label <label>", "worker label it needs; repeatable", collectLabel)
    .option("--priority <n>", "higher first", wholeNumber)
    .option("--timeout <seconds>", "stop it after this long", timeoutSeconds)
    .option(
      "-f, --follow",
      "wait with a progress bar, then print accuracy with its interval; exit 0 if it completed",
    )
    .action(tracesAction<EvalRunOptions>(evalRunCommand));
  evals
    .command("show")
    .description(
      "Show an evaluation: accuracy with its 95% interval, format, breakdowns; --wrong lists wrong answers",
    )
    .argument("<id>", "evaluation (run) id")
    .option("--wrong", "list the items answered wrong, with the whole output")
    .option("--bad-format", "list the items not in the trained layout")
    .option("--unanswered", "list the items where no answer was found")
    .option("--items", "list items whatever their result")
    .option("--limit <n>", "how many items (default 20)", intInRange(1, 1000))
    .action(tracesAction<EvalShowOptions>(evalShowCommand));
  evals
    .command("list")
    .description("List evaluations, newest first")
    .option("--run <id>", "only evaluations of this training run's checkpoints")
    .option("--eval-set <key>", "only on this eval set")
    .addOption(new Option("--status <status>", "only in this state").choices(RUN_STATUSES))
    .option("--limit <n>", "how many (1-100, default 20)", intInRange(1, 100))
    .action(tracesAction(evalListCommand));
  evals
    .command("compare")
    .description(
      "Compare two evaluations of one eval set item by item: the difference in accuracy with its 95% interval",
    )
    .argument("<baseline>", "evaluation id to measure against (e.g. the untrained model's)")
    .argument("<candidate>", "evaluation id to measure")
    .action(tracesAction(evalCompareCommand));
  evals
    .command("flips")
    .description(
      "The items two evaluations of one eval set disagree on; --item N shows one item's reasoning side by side",
    )
    .argument("<baseline>", "evaluation id to measure against")
    .argument("<candidate>", "evaluation id to measure")
    .addOption(
      new Option("--change <kind>", "which items (default flipped)").choices([
        "flipped",
        "all",
        ...ITEM_CHANGES,
      ]),
    )
    .option(
      "--item <position>",
      "one item's two outputs as aligned steps, with the first divergence",
      wholeNumber,
    )
    .option("--limit <n>", "how many items (1-100, default 100)", intInRange(1, 100))
    .action(tracesAction(flipsCommand));
  evals
    .command("leaderboard")
    .description("Models ranked on eval sets by their latest evaluation, with 95% intervals")
    .option("--eval-set <keys>", "eval set keys, comma-separated; the first orders the board")
    .option("--dataset <key>", "only models trained on this dataset version")
    .option("--trainer <name>", "only this trainer's models")
    .option("--label <label>", "only models whose training run has this label")
    .option("--evaluated-after <iso>", "only evaluations after this ISO 8601 time")
    .option("--evaluated-before <iso>", "only evaluations before this ISO 8601 time")
    .addOption(new Option("--sort <figure>", "what orders it (default -accuracy)").choices(LEADERBOARD_SORTS))
    .option("--limit <n>", "models per page (1-100, default 50)", intInRange(1, 100))
    .option("--cursor <cursor>", "continue from a previous page")
    .action(tracesAction<LeaderboardOptions>(leaderboardCommand));
  const baseline = evals
    .command("baseline")
    .description("Regression baselines: a model pinned on an eval set");
  baseline
    .command("set")
    .description("Pin (or re-pin) a named baseline")
    .argument("<name>", "baseline name")
    .requiredOption(
      "--model <ref>",
      "RUN[:CHECKPOINT], base:<trainer>:<model> or model:<name>@<version|alias>",
    )
    .requiredOption("--eval-set <key>", "eval set the model is judged on")
    .option("--max-drop <x>", "allowed accuracy drop as a fraction (default 0.02)", fraction)
    .action(tracesAction(baselineSetCommand));
  baseline.command("list").description("The pinned baselines").action(tracesAction(baselineListCommand));
  baseline
    .command("delete")
    .description("Unpin a baseline")
    .argument("<name>", "baseline name")
    .action(tracesAction(baselineDeleteCommand));
  evals
    .command("gate")
    .description("Regression gate for CI: exit 0 pass, 1 fail (worse than allowed beyond noise), 2 undecided")
    .requiredOption(
      "--candidate <ref>",
      "RUN[:CHECKPOINT], base:<trainer>:<model> or model:<name>@<version|alias>",
    )
    .requiredOption("--baseline <name>", "a baseline pinned with `evals baseline set`")
    .option("--max-drop <x>", "allowed accuracy drop for this check (default: the baseline's)", fraction)
    .option("--require-evidence", "pass only when the interval shows the drop within the allowance")
    .option("--junit <file>", "also write the result as JUnit XML")
    .action(tracesAction(gateCommand));
}
