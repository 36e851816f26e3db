// A tunix-rt server in its own process, so benchmarks measure its CPU and RSS apart from the
// load generator. argv[2] is JSON of config flags; prints {"url": …} once listening.
import { loadServerConfig, startServer } from "@tunix-rt/server";

const flags = JSON.parse(process.argv[2] ?? "{}") as Record<string, unknown>;
const server = await startServer(loadServerConfig({}, { port: 0, logLevel: "silent", ...flags }));
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);

// Side channel for memory benches: process.memoryUsage() every N ms as {"mem": …} lines.
const memEvery = Number(process.env.BENCH_MEMLOG_MS ?? 0);
if (memEvery > 0) {
  setInterval(
    () => process.stdout.write(`${JSON.stringify({ mem: process.memoryUsage() })}\n`),
    memEvery,
  ).unref();
}

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
