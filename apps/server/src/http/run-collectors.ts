import { RUN_STATUSES } from "@tunix-rt/contracts";
import {
  dryRunCount,
  liveWorkerCount,
  runCountsByStatus,
  runTimeHistogram,
  type ServiceDeps,
  totalLogLines,
} from "@tunix-rt/services";
import { Counter, Gauge, type Histogram, type Registry } from "prom-client";

const WAIT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const RUN_BUCKETS = [1, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400];

/**
 * Run metrics read from the database at scrape time, so they are right whichever process (an
 * in-process worker or `tunix-rt worker` on another host) did the work.
 */
export function registerRunCollectors(registry: Registry, deps: ServiceDeps) {
  new Gauge({
    name: "tunix_runs",
    help: "Runs by status (dry runs apart: tunix_dry_runs)",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const by = await runCountsByStatus(deps);
      for (const s of RUN_STATUSES) this.set({ status: s }, by[s] ?? 0);
    },
  });
  new Gauge({
    name: "tunix_dry_runs",
    help: "Dry runs (checks that start nothing; not in tunix_runs)",
    registers: [registry],
    async collect() {
      this.set(await dryRunCount(deps));
    },
  });
  new Gauge({
    name: "tunix_run_queue_depth",
    help: "Runs waiting for a worker",
    registers: [registry],
    async collect() {
      this.set((await runCountsByStatus(deps)).pending ?? 0);
    },
  });
  new Gauge({
    name: "tunix_workers_live",
    help: "Workers with a recent heartbeat",
    registers: [registry],
    async collect() {
      this.set(await liveWorkerCount(deps));
    },
  });
  databaseHistogram(
    registry,
    deps,
    "tunix_run_wait_seconds",
    "Time from queued to started",
    "wait",
    WAIT_BUCKETS,
  );
  databaseHistogram(
    registry,
    deps,
    "tunix_run_duration_seconds",
    "Time from started to ended",
    "duration",
    RUN_BUCKETS,
  );
  // A counter whose value lives in the database: each scrape sets it to the stored total.
  const lines = new Counter({
    name: "tunix_run_log_lines_total",
    help: "Log lines captured from trainers (rate() gives lines per second)",
    registers: [registry],
    async collect() {
      lines.reset();
      lines.inc(await totalLogLines(deps));
    },
  });
}

/**
 * A histogram computed from all runs in the database at each scrape (cumulative over its history,
 * like any histogram). prom-client's Histogram only counts observations made in this process, so
 * this is a custom metric object in the shape the registry reads.
 */
function databaseHistogram(
  registry: Registry,
  deps: ServiceDeps,
  name: string,
  help: string,
  span: "wait" | "duration",
  buckets: number[],
) {
  const metric = {
    name,
    help,
    type: "histogram",
    aggregator: "sum",
    reset() {},
    async get() {
      const h = await runTimeHistogram(deps, span, buckets);
      return {
        name,
        help,
        type: "histogram",
        aggregator: "sum",
        values: [
          ...buckets.map((b, i) => ({
            labels: { le: b },
            value: h.counts[i] ?? 0,
            metricName: `${name}_bucket`,
          })),
          { labels: { le: "+Inf" }, value: h.count, metricName: `${name}_bucket` },
          { labels: {}, value: h.sum, metricName: `${name}_sum` },
          { labels: {}, value: h.count, metricName: `${name}_count` },
        ],
      };
    },
  };
  registry.registerMetric(metric as unknown as Histogram);
}
