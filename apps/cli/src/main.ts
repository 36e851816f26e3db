import { Command } from "commander";
import { registerServeCommand } from "./commands/serve.js";
import { registerTracesCommand } from "./commands/traces.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("tunix-rt")
    .description(
      "tunix-rt: store, score and compare reasoning traces; build datasets; train and evaluate models",
    )
    .version("0.1.0");
  registerServeCommand(program);
  registerTracesCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
