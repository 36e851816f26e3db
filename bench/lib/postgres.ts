import { readFileSync } from "node:fs";
import { join } from "node:path";

// Typed access to scripts/postgres-server.mjs (a plain .mjs module shared with the test runner).
export interface PostgresServer {
  url: string;
  port: number;
  dir: string;
  stop(): void;
}

export async function startPostgres(): Promise<PostgresServer> {
  const specifier = new URL("../../scripts/postgres-server.mjs", import.meta.url).href;
  const mod = (await import(specifier)) as { startPostgres(): Promise<PostgresServer> };
  return mod.startPostgres();
}

/** The postmaster's pid (first line of postmaster.pid in the data folder). */
export function postmasterPid(server: PostgresServer): number {
  return Number(readFileSync(join(server.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
}
