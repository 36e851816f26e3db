export { createWorker, DEFAULT_WORKER_CONFIG, type Worker, type WorkerConfig } from "./create-worker.js";
export { parseMetricLine } from "./metrics-tail.js";
export { offerTunixWhenAvailable } from "./offer-tunix.js";
export type { TrainerSpec } from "./trainer-spec.js";
export { type TrainerStatus, trainerStatus } from "./trainer-status.js";
export { PROJECT_ROOT, resolveTrainers, tunixTrainerSpec } from "./trainers.js";
