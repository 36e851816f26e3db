import { availableParallelism, cpus, totalmem } from "node:os";

/** One machine-readable result per line on stdout; progress notes go to stderr. */
export function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function note(message: string): void {
  process.stderr.write(`# ${message}\n`);
}

export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Integer flag `--name=value` from argv, else the environment variable, else the default. */
export function intArg(name: string, envName: string, fallback: number): number {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  const raw = flag ? flag.slice(name.length + 3) : process.env[envName];
  const n = raw === undefined ? fallback : Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
}

export function listArg(name: string, fallback: string[]): string[] {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  return flag
    ? flag
        .slice(name.length + 3)
        .split(",")
        .filter(Boolean)
    : fallback;
}

export const machine = () => ({
  node: process.version,
  cpus: availableParallelism(),
  cpu_model: cpus()[0]?.model ?? null,
  memory_gb: Math.round(totalmem() / 2 ** 30),
});
