// Shared by the CLI's end-to-end tests: a real server on loopback (in-memory PGlite) and the real
// binary as a child process against it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type TunixClient } from "@tunix-rt/client";
import { loadServerConfig, type RunningServer, startServer } from "@tunix-rt/server";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const BIN = join(ROOT, "apps/cli/bin/tunix-rt.js");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Harness {
  server: RunningServer;
  client: TunixClient;
  dir: string;
  /** Runs `tunix-rt ARGS… --server URL`; stdin, stdout and stderr are pipes (not terminals). */
  cli(args: string[], opts?: { input?: string; env?: Record<string, string>; server?: string }): Promise<Run>;
  close(): Promise<void>;
}

/**
 * Runs the real `tunix-rt ARGS…` as a child process, with `--server URL` unless `server` is null
 * (then the CLI's default applies); stdin gets `input`, stdout and stderr are collected.
 */
export function runCli(
  args: string[],
  opts: { input?: string; env?: Record<string, string>; server: string | null },
): Promise<Run> {
  const serverArgs = opts.server === null ? [] : ["--server", opts.server];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args, ...serverArgs], {
      cwd: ROOT,
      env: { ...process.env, TUNIX_RT_SERVER: "", NO_COLOR: "", FORCE_COLOR: "", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

export async function startHarness(): Promise<Harness> {
  const server = await startServer(
    loadServerConfig({}, { port: 0, databaseUrl: "memory://", logLevel: "silent" }),
  );
  const dir = mkdtempSync(join(tmpdir(), "tunix-cli-"));
  const cli: Harness["cli"] = (args, opts = {}) =>
    runCli(args, { ...opts, server: opts.server ?? server.url });
  return {
    server,
    client: createClient({ baseUrl: server.url }),
    dir,
    cli,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
