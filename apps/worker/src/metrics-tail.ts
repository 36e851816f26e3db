import { closeSync, openSync, readSync, statSync } from "node:fs";
import { appendMetrics, type MetricRecord, type ServiceDeps } from "@tunix-rt/services";

const POLL_MS = 100;
const IGNORED_KEYS = new Set(["step", "epoch", "timestamp", "t", "device", "name", "value"]);

/**
 * Turns one metrics.jsonl line into points. The contract's form is {"step", "name", "value", "t"};
 * the seed's trainers wrote {"step", "loss", …} with several values per line, which is read as
 * one point per numeric field.
 */
export function parseMetricLine(line: string): MetricRecord[] {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line);
  } catch {
    return [];
  }
  if (!o || typeof o !== "object" || typeof o.step !== "number" || !Number.isFinite(o.step)) return [];
  const t =
    typeof o.t === "number" ? new Date(o.t * 1000).toISOString() : typeof o.t === "string" ? o.t : null;
  if (typeof o.name === "string" && typeof o.value === "number" && Number.isFinite(o.value)) {
    return [{ step: o.step, name: o.name.slice(0, 128), value: o.value, t }];
  }
  return Object.entries(o)
    .filter(([k, v]) => !IGNORED_KEYS.has(k) && typeof v === "number" && Number.isFinite(v))
    .map(([k, v]) => ({ step: o.step as number, name: k.slice(0, 128), value: v as number, t }));
}

/** Follows a trainer's metrics.jsonl as it grows, storing complete lines and announcing them. */
export class MetricsTail {
  private offset = 0;
  private partial = "";
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly runId: string,
    private readonly file: string,
  ) {}

  start() {
    this.timer = setInterval(() => {
      this.busy = this.busy.then(() => this.poll());
    }, POLL_MS);
  }

  private async poll() {
    let size: number;
    try {
      size = statSync(this.file).size;
    } catch {
      return;
    }
    if (size <= this.offset) return;
    const fd = openSync(this.file, "r");
    const buf = Buffer.alloc(Math.min(size - this.offset, 8 * 1024 * 1024));
    try {
      readSync(fd, buf, 0, buf.length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset += buf.length;
    const lines = (this.partial + buf.toString("utf8")).split("\n");
    this.partial = lines.pop() ?? "";
    const points = lines.flatMap(parseMetricLine);
    if (points.length) await appendMetrics(this.deps, this.runId, points).catch(() => {});
  }

  /** Reads what is left (the trainer has exited) and stops. */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    await this.busy;
    await this.poll();
    if (this.partial.trim()) {
      const points = parseMetricLine(this.partial);
      this.partial = "";
      if (points.length) await appendMetrics(this.deps, this.runId, points).catch(() => {});
    }
  }
}
