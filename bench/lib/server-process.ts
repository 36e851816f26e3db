import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface ServerProcess {
  url: string;
  pid: number;
  /** Samples from the BENCH_MEMLOG_MS side channel (empty unless it is set). */
  memory: NodeJS.MemoryUsage[];
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `server-child.ts` under node + tsx (no npx wrapper, so `pid` is the server itself).
 * BENCH_SERVER_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=.tmp/prof".
 */
export async function startServerProcess(flags: Record<string, unknown>): Promise<ServerProcess> {
  const script = fileURLToPath(new URL("./server-child.ts", import.meta.url));
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...extra, "--import", "tsx", script, JSON.stringify(flags)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  // The first JSON line with a url is the handshake; anything else (e.g. --trace-gc) goes to stderr.
  const memory: NodeJS.MemoryUsage[] = [];
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    let ready = false;
    rl.on("line", (line) => {
      if (line.startsWith('{"mem"')) memory.push((JSON.parse(line) as { mem: NodeJS.MemoryUsage }).mem);
      else if (!ready && line.startsWith('{"url"')) {
        ready = true;
        resolve(line);
      } else process.stderr.write(`[server] ${line}\n`);
    });
    child.once("exit", (code) => reject(new Error(`server exited early (${code})`)));
  });
  const { url, pid } = JSON.parse(first) as { url: string; pid: number };
  return {
    url,
    pid,
    memory,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Resident set size and its high-water mark of a process, in bytes (Linux /proc). */
export function readRss(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? "NaN") * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

/** Total CPU seconds (user + system) a process has used so far (Linux /proc). */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

/**
 * CPU seconds used by a process and all its descendants, including children already reaped
 * (their time is in the parent's cutime/cstime). For the Postgres postmaster and its backends.
 */
export function readTreeCpuSeconds(rootPid: number): number {
  const children = new Map<number, number[]>();
  const stats = new Map<number, string[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry);
      stats.set(pid, f);
      const ppid = Number(f[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process ended while we looked
    }
  }
  let ticks = 0;
  const visit = (pid: number, root: boolean) => {
    const f = stats.get(pid);
    if (!f) return;
    ticks += Number(f[11]) + Number(f[12]);
    if (root) ticks += Number(f[13]) + Number(f[14]);
    for (const c of children.get(pid) ?? []) visit(c, false);
  };
  visit(rootPid, true);
  return ticks / 100;
}
