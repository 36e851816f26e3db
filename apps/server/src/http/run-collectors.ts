import { RUN_STATUSES } from "@tunix-rt/contracts";
import { queryRows, sql } from "@tunix-rt/db";
import { type ServiceDeps, WORKER_ALIVE_SECONDS } from "@tunix-rt/services";
import { Gauge, type Registry } from "prom-client";

const WAIT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const RUN_BUCKETS = [1, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 21600, 86400];

/**
 * Run metrics read from the database at scrape time, so they are right whichever process (an
 * in-process worker or `tunix-rt worker` on another host) did the work.
 */
export function registerRunCollectors(registry: Registry, deps: ServiceDeps) {
  new Gauge({
    name: "tunix_runs",
    help: "Runs by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      const rows = await queryRows<{ status: string; n: string }>(
        deps.db,
        sql`SELECT status, count(*) AS n FROM runs GROUP BY status`,
      );
      const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      for (const s of RUN_STATUSES) this.set({ status: s }, by[s] ?? 0);
    },
  });
  new Gauge({
    name: "tunix_run_queue_depth",
    help: "Runs waiting for a worker",
    registers: [registry],
    async collect() {
      const rows = await queryRows<{ n: string }>(
        deps.db,
        sql`SELECT count(*) AS n FROM runs WHERE status = 'pending'`,
      );
      this.set(Number(rows[0]?.n ?? 0));
    },
  });
  new Gauge({
    name: "tunix_workers_live",
    help: "Workers with a recent heartbeat",
    registers: [registry],
    async collect() {
      const rows = await queryRows<{ n: string }>(
        deps.db,
        sql`SELECT count(*) AS n FROM workers WHERE stopped_at IS NULL AND heartbeat_at > now() - make_interval(secs => ${WORKER_ALIVE_SECONDS})`,
      );
      this.set(Number(rows[0]?.n ?? 0));
    },
  });
  registry.registerMetric(
    dbHistogram(
      "tunix_run_wait_seconds",
      "Time from queued to started",
      WAIT_BUCKETS,
      deps,
      sql`extract(epoch FROM started_at - created_at)`,
      sql`started_at IS NOT NULL AND mode = 'local'`,
    ) as never,
  );
  registry.registerMetric(
    dbHistogram(
      "tunix_run_duration_seconds",
      "Time from started to ended",
      RUN_BUCKETS,
      deps,
      sql`extract(epoch FROM completed_at - started_at)`,
      sql`completed_at IS NOT NULL AND started_at IS NOT NULL AND mode = 'local'`,
    ) as never,
  );
  registry.registerMetric({
    name: "tunix_run_log_lines_total",
    help: "Log lines captured from trainers (rate() gives lines per second)",
    type: "counter",
    aggregator: "sum",
    async get() {
      const rows = await queryRows<{ n: string | null }>(
        deps.db,
        sql`SELECT coalesce(sum(last_seq), 0) AS n FROM runs`,
      );
      return {
        name: "tunix_run_log_lines_total",
        help: "Log lines captured from trainers",
        type: "counter",
        aggregator: "sum",
        values: [{ labels: {}, value: Number(rows[0]?.n ?? 0) }],
      };
    },
    reset() {},
  } as never);
}

/** A Prometheus histogram computed from all runs in the database (cumulative, like any histogram). */
function dbHistogram(
  name: string,
  help: string,
  buckets: number[],
  deps: ServiceDeps,
  expr: ReturnType<typeof sql>,
  where: ReturnType<typeof sql>,
) {
  return {
    name,
    help,
    type: "histogram",
    aggregator: "sum",
    reset() {},
    async get() {
      const cols = buckets.map((b, i) => sql`count(*) FILTER (WHERE v <= ${b}) AS ${sql.raw(`b${i}`)}`);
      const rows = await queryRows<Record<string, string | number | null>>(
        deps.db,
        sql`SELECT ${sql.join(cols, sql`, `)}, count(*) AS n, coalesce(sum(v), 0) AS s FROM (SELECT ${expr} AS v FROM runs WHERE ${where}) x`,
      );
      const row = rows[0] ?? {};
      const counts = buckets.map((_, i) => Number(row[`b${i}`] ?? 0));
      const total = Number(row.n ?? 0);
      const sum = Number(row.s ?? 0);
      return {
        name,
        help,
        type: "histogram",
        aggregator: "sum",
        values: [
          ...buckets.map((b, i) => ({
            labels: { le: b },
            value: counts[i] ?? 0,
            metricName: `${name}_bucket`,
          })),
          { labels: { le: "+Inf" }, value: total, metricName: `${name}_bucket` },
          { labels: {}, value: sum, metricName: `${name}_sum` },
          { labels: {}, value: total, metricName: `${name}_count` },
        ],
      };
    },
  };
}
