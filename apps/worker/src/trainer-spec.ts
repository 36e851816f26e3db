/** How a worker starts one trainer: `command` + ["train", "--run-dir", DIR] (the trainer contract). */
export interface TrainerSpec {
  command: string[];
  /** Extra environment for the trainer (e.g. XLA_FLAGS, CUDA_VISIBLE_DEVICES). */
  env?: Record<string, string>;
  /**
   * Makes the trainer runnable on this host the first time it is needed (e.g. creates the Python
   * virtual environment); its progress lines go into the run's log.
   */
  setup?: (onLine: (line: string) => void) => Promise<void>;
}

/** Variables a trainer needs from the worker's environment; everything else is left behind. */
const PASSTHROUGH = [
  "PATH",
  "HOME",
  "LANG",
  "LC_ALL",
  "TZ",
  "TMPDIR",
  "CUDA_VISIBLE_DEVICES",
  "TPU_VISIBLE_CHIPS",
  "XLA_FLAGS",
  "JAX_PLATFORMS",
  "HF_HOME",
];

export function trainerEnv(
  spec: TrainerSpec,
  runId: string,
  runDir: string,
  from: NodeJS.ProcessEnv,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of PASSTHROUGH) if (from[k] !== undefined) env[k] = from[k]!;
  return { ...env, PYTHONUNBUFFERED: "1", TUNIX_RT_RUN_ID: runId, TUNIX_RT_RUN_DIR: runDir, ...spec.env };
}
