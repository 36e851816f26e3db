import { Command } from "commander";
import { registerDatasetsCommand } from "./commands/datasets.js";
import { registerEvalsCommands } from "./commands/evals.js";
import { registerGenerateCommands } from "./commands/generate.js";
import { registerModelsCommands } from "./commands/models.js";
import { registerRunsCommands } from "./commands/runs.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerTracesCommand } from "./commands/traces.js";
import { registerWorkerCommand } from "./commands/worker.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("tunix-rt")
    .description(
      "tunix-rt: store, score and compare reasoning traces; build datasets; train and evaluate models",
    )
    .version("0.1.0");
  registerServeCommand(program);
  registerWorkerCommand(program);
  registerTracesCommand(program);
  registerDatasetsCommand(program);
  registerGenerateCommands(program);
  registerRunsCommands(program);
  registerEvalsCommands(program);
  registerModelsCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
