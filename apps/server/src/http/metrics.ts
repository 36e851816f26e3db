import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** One registry per app instance, so tests and several in-process servers never share counters. */
export function createMetrics(opts: { countTraces: () => Promise<number> }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Name and buckets kept from the seed so existing dashboards keep working.
  const dbWrite = new Histogram({
    name: "tunix_db_write_latency_ms",
    help: "Database write latency in milliseconds by operation",
    labelNames: ["operation"] as const,
    buckets: [1, 5, 10, 50, 100, 200, 500, 1000, 2000, 5000],
    registers: [registry],
  });
  new Gauge({
    name: "tunix_traces_total",
    help: "Traces currently stored",
    registers: [registry],
    async collect() {
      this.set(await opts.countTraces());
    },
  });
  return {
    registry,
    observeRequest(method: string, route: string, status: number, seconds: number) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
    observeDbWrite(operation: string, ms: number) {
      dbWrite.observe({ operation }, ms);
    },
  };
}
export type AppMetrics = ReturnType<typeof createMetrics>;
