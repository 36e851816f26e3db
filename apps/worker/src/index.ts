export {
  ConfigError,
  findHome,
  heartbeatWithinLease,
  loadConfig,
  loadWorkerConfig,
  WORKER_ENV_KEYS,
  WorkerConfig,
  WorkerSettings,
} from "./config.js";
export { createWorker, type Worker, type WorkerOptions } from "./create-worker.js";
export { BUILTIN_EXECUTORS, runWorkerProcess, startWorker } from "./main.js";
export { parseMetricLine } from "./metrics-tail.js";
export type { ExecutionContext, ProcessExit, RunExecutor, StopReason } from "./run-executor.js";
export { createTrainerHost, type TrainerHost } from "./trainer-host.js";
export type { TrainerSpec } from "./trainer-spec.js";
