import type { Command } from "commander";

export function registerTracesCommand(program: Command) {
  program.command("traces").description("Import, list, show, score, compare and delete traces");
}
