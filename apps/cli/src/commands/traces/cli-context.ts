import { createClient, type TunixClient } from "@tunix-rt/client";
import type { Command } from "commander";
import { describeError } from "./errors.js";

export const DEFAULT_SERVER = "http://127.0.0.1:8000";

/** What every `traces` subcommand gets: the client and where/how to print. */
export interface TracesContext {
  client: TunixClient;
  server: string;
  json: boolean;
  /** Columns to lay out human output in: the terminal's, or 100 when piped. */
  width: number;
  /** Writes to stdout, waiting for drain so long listings keep memory flat when piped. */
  write(text: string): Promise<void>;
  lines(lines: readonly string[]): Promise<void>;
  printJson(value: unknown): Promise<void>;
}

function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once("drain", resolve);
  });
}

function checkServer(cmd: Command, given: string): string {
  // An empty TUNIX_RT_SERVER (`TUNIX_RT_SERVER= tunix-rt …`) means "the default", not "".
  const server = given.trim() === "" ? DEFAULT_SERVER : given;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    cmd.error(`error: --server must be a URL like ${DEFAULT_SERVER}, got "${server}"`, { exitCode: 2 });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    cmd.error(`error: --server must be an http(s) URL, got "${server}"`, { exitCode: 2 });
  }
  return server.replace(/\/+$/, "");
}

/**
 * undici keeps every chunk of a streamed request body so it could replay it on a 307/308
 * (nodejs/undici#4058): a 170 MB import held 170 MB. Refusing redirects for streamed uploads
 * keeps `traces import` in constant memory; other requests follow redirects as usual.
 */
const cliFetch: typeof fetch = (input, init) =>
  fetch(input, init?.body instanceof ReadableStream ? { ...init, redirect: "error" } : init);

let epipeHandled = false;
/** `traces list --all | head` closes stdout early: that is the reader's choice, not an error. */
function exitQuietlyOnEpipe() {
  if (epipeHandled) return;
  epipeHandled = true;
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}

export type TracesHandler<O> = (ctx: TracesContext, args: string[], opts: O) => Promise<number | undefined>;

/**
 * Wraps a subcommand: reads the `traces` options (--server, --json) wherever they were given,
 * runs the handler, and turns any failure into a stderr message and exit code 1. Handlers
 * return their own exit code (import returns 1 when a line was rejected).
 */
export function tracesAction<O>(handler: TracesHandler<O>) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    const globals = cmd.optsWithGlobals() as { server: string; json?: boolean };
    const server = checkServer(cmd, globals.server);
    exitQuietlyOnEpipe();
    const ctx: TracesContext = {
      client: createClient({ baseUrl: server, fetch: cliFetch }),
      server,
      json: globals.json === true,
      width: Math.max(40, process.stdout.columns || 100),
      write,
      lines: (lines) => write(lines.length ? `${lines.join("\n")}\n` : ""),
      printJson: (value) => write(`${JSON.stringify(value, null, 2)}\n`),
    };
    try {
      process.exitCode =
        (await handler(ctx, (cmd.processedArgs as unknown[]).flat() as string[], cmd.opts() as O)) ?? 0;
    } catch (err) {
      process.stderr.write(`${describeError(err, server)}\n`);
      // A command may say what its failure means (the gate: 2, "could not decide").
      const code = (err as { exitCode?: unknown } | null)?.exitCode;
      process.exitCode = typeof code === "number" ? code : 1;
    }
  };
}
