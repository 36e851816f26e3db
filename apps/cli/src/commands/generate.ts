import { ARITHMETIC_MAX_DIGITS, ArithmeticSteps, GENERATOR_MAX_COUNT } from "@tunix-rt/contracts";
import { type Command, Option } from "commander";
import {
  DEFAULT_CHUNK_SIZE,
  type GenerateOptions,
  generateCommand,
  listGeneratorsCommand,
} from "./generate/generate-command.js";
import { intInRange, withServerOptions } from "./server-options.js";
import { tracesAction } from "./traces/cli-context.js";

/** `tunix-rt generate NAME --count N …` and `tunix-rt generators`. */
export function registerGenerateCommands(program: Command) {
  withServerOptions(
    program
      .command("generate")
      .description("Generate synthetic traces into the store (seeded, deterministic), with a progress bar")
      .argument("[name]", "generator: arithmetic, high_card_duel, high_card_duel_winner (see --list)"),
  )
    .option("--count <n>", "how many traces to generate", intInRange(1, 100_000_000))
    .option(
      "--seed <n>",
      "seed; the same seed and start index give the same traces (default: picked at random and printed)",
      intInRange(0, Number.MAX_SAFE_INTEGER),
    )
    .option(
      "--start-index <n>",
      "index of the first trace, to continue an earlier run",
      intInRange(0, 1_000_000_000),
      0,
    )
    .addOption(
      new Option("--difficulty <level>", "arithmetic: 1, 2 or 3 operations, or mixed").choices([
        "1",
        "2",
        "3",
        "mixed",
      ]),
    )
    .option(
      "--digits <n>",
      `arithmetic: largest + and − operand in digits, 1 to ${ARITHMETIC_MAX_DIGITS} (default by difficulty: 20, 99, 999)`,
      intInRange(1, ARITHMETIC_MAX_DIGITS),
    )
    .addOption(
      new Option(
        "--steps <style>",
        "arithmetic: operations (one step per operation, the default) or columns (digit by digit, with carries)",
      ).choices(ArithmeticSteps.options),
    )
    .option(
      "--chunk-size <n>",
      `traces per request (default ${DEFAULT_CHUNK_SIZE})`,
      intInRange(1, GENERATOR_MAX_COUNT),
      DEFAULT_CHUNK_SIZE,
    )
    .option("--list", "list the generators instead")
    .action(tracesAction<GenerateOptions>(generateCommand));

  withServerOptions(program.command("generators").description("List the synthetic trace generators")).action(
    tracesAction(listGeneratorsCommand),
  );
}
