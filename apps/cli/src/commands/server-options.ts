import { type Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_SERVER } from "./traces/cli-context.js";

/**
 * The options every command that talks to a server shares with `traces`: --server (env
 * TUNIX_RT_SERVER) and --json, accepted before or after the subcommand. Usage mistakes exit 2
 * so scripts can tell them from failures (1); help and version stay 0.
 */
export function withServerOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option("--server <url>", "tunix-rt server to talk to")
        .env("TUNIX_RT_SERVER")
        .default(DEFAULT_SERVER),
    )
    .option("--json", "print the API's JSON (one document) instead of human output")
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}

/** Option parsers: a bad value is a usage error (exit 2) with the reason, before any request. */
export function intInRange(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max.toLocaleString("en-US")}`);
    }
    return n;
  };
}

export function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError("must be a number");
  return n;
}

export function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError("must be a fraction from 0 to 1, e.g. 0.1");
  }
  return n;
}
