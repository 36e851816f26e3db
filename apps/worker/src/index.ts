export { createWorker, DEFAULT_WORKER_CONFIG, type Worker, type WorkerConfig } from "./create-worker.js";
export { parseMetricLine } from "./metrics-tail.js";
export type { TrainerSpec } from "./trainer-spec.js";
export { PROJECT_ROOT, resolveTrainers } from "./trainers.js";
export { trainerStatus, type TrainerStatus } from "./trainer-status.js";
