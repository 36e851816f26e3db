import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const trainersJson = z.string().refine((s) => {
  try {
    const v = JSON.parse(s);
    return (
      v &&
      typeof v === "object" &&
      Object.values(v).every((t) => Array.isArray((t as { command?: unknown }).command))
    );
  } catch {
    return false;
  }
}, 'must be JSON like {"name": {"command": ["python", "train.py"]}}');

/**
 * The settings of a worker that `tunix-rt serve` shares with `tunix-rt worker` (same names, same
 * environment variables): the server's embedded worker reads them from the server's config.
 */
export const WorkerSettings = z.object({
  /** JSON {"name": {"command": [...], "env": {...}}} of extra trainers this host offers. */
  trainers: trainersJson.optional(),
  workerLabels: z.string().default(""),
  workerConcurrency: z.coerce.number().int().min(1).max(64).default(1),
  /** Extra slots for evaluation runs only (a checkpoint is evaluated while training goes on). */
  workerEvalConcurrency: z.coerce.number().int().min(0).max(16).default(1),
  cancelGraceSeconds: z.coerce.number().min(0).max(3600).default(30),
  logRetentionDays: z.coerce.number().int().min(0).max(3650).default(0),
  /** A run survives this long without a heartbeat before another process recovers it. */
  leaseSeconds: z.coerce.number().int().min(2).max(3600).default(30),
  heartbeatSeconds: z.coerce.number().min(0.1).max(600).default(5),
  /** Fallback claim poll, in case a wake-up notification was missed. */
  pollSeconds: z.coerce.number().min(0.05).max(600).default(2),
  /** The installation: where trainers/ and scripts/ are (the Python environment is its .venv). */
  home: z.string().min(1).optional(),
  /** An OpenAI-compatible chat-completions endpoint for evaluations that ask for an LLM judge. */
  judgeBaseUrl: z.string().url().optional(),
  judgeModel: z.string().min(1).max(256).optional(),
  judgeApiKey: z.string().min(1).optional(),
  /** A prompt template file with {{question}}, {{expected}} and {{answer}}. */
  judgePromptFile: z.string().min(1).optional(),
  judgeTimeoutSeconds: z.coerce.number().min(1).max(600).default(60),
  judgeMaxRetries: z.coerce.number().int().min(0).max(10).default(4),
  judgeConcurrency: z.coerce.number().int().min(1).max(64).default(4),
});
export type WorkerSettings = z.infer<typeof WorkerSettings>;

/** A heartbeat slower than the lease would have every run recovered from under its worker. */
export const heartbeatWithinLease = {
  check: (c: { heartbeatSeconds: number; leaseSeconds: number }) => c.heartbeatSeconds < c.leaseSeconds,
  issue: {
    message: "must be shorter than the lease (--lease-seconds), or every run would be recovered",
    path: ["heartbeatSeconds"],
  },
};

/** Environment variable → setting, for the settings above. */
export const WORKER_ENV_KEYS: Record<string, keyof WorkerSettings> = {
  TUNIX_RT_TRAINERS: "trainers",
  TUNIX_RT_WORKER_LABELS: "workerLabels",
  TUNIX_RT_WORKER_CONCURRENCY: "workerConcurrency",
  TUNIX_RT_WORKER_EVAL_CONCURRENCY: "workerEvalConcurrency",
  CANCEL_GRACE_SECONDS: "cancelGraceSeconds",
  LOG_RETENTION_DAYS: "logRetentionDays",
  TUNIX_RT_LEASE_SECONDS: "leaseSeconds",
  TUNIX_RT_HEARTBEAT_SECONDS: "heartbeatSeconds",
  TUNIX_RT_WORKER_POLL_SECONDS: "pollSeconds",
  TUNIX_RT_HOME: "home",
  TUNIX_RT_JUDGE_BASE_URL: "judgeBaseUrl",
  TUNIX_RT_JUDGE_MODEL: "judgeModel",
  TUNIX_RT_JUDGE_API_KEY: "judgeApiKey",
  TUNIX_RT_JUDGE_PROMPT_FILE: "judgePromptFile",
  TUNIX_RT_JUDGE_TIMEOUT_SECONDS: "judgeTimeoutSeconds",
  TUNIX_RT_JUDGE_MAX_RETRIES: "judgeMaxRetries",
  TUNIX_RT_JUDGE_CONCURRENCY: "judgeConcurrency",
};

/** `tunix-rt worker`: the shared settings plus the process's own. */
export const WorkerConfig = WorkerSettings.extend({
  databaseUrl: z
    .string({ error: "required: a Postgres server shared with `tunix-rt serve`" })
    .regex(
      /^postgres(ql)?:\/\//,
      "must be a postgres:// URL (the embedded database belongs to one `tunix-rt serve`, which runs its own worker)",
    ),
  dataDir: z.string().min(1).default("./data"),
  id: z.string().min(1).max(128).optional(),
  logLevel: z.enum(LOG_LEVELS).default("info"),
}).refine(heartbeatWithinLease.check, heartbeatWithinLease.issue);
export type WorkerConfig = z.infer<typeof WorkerConfig>;

const ENV_KEYS: Record<string, keyof WorkerConfig> = {
  ...WORKER_ENV_KEYS,
  DATABASE_URL: "databaseUrl",
  TUNIX_RT_DATA_DIR: "dataDir",
  TUNIX_RT_WORKER_ID: "id",
  LOG_LEVEL: "logLevel",
};

/** What --lease-seconds etc. are called on the command line, for error messages. */
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export class ConfigError extends Error {}

/**
 * Reads a zod config from environment variables and flags (flags win); on failure throws one
 * ConfigError naming every problem by the variable or flag it came from.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  envKeys: Record<string, string>,
  env: Record<string, string | undefined>,
  flags: Record<string, unknown>,
  /** The command line's name for a setting, where it is not the setting's own (--labels). */
  flagNames: Record<string, string> = {},
): z.infer<S> {
  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const [envKey, key] of Object.entries(envKeys)) {
    const v = env[envKey];
    if (v !== undefined && v !== "") {
      raw[key] = v;
      origin[key] = envKey;
    }
  }
  for (const [key, v] of Object.entries(flags)) {
    if (v !== undefined) {
      raw[key] = v;
      origin[key] = flagNames[key] ?? flagName(key);
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? "");
      return `  - ${origin[key] ?? flagName(key)}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** `tunix-rt worker`'s short flags for the settings it shares with `serve`. */
export const WORKER_FLAG_NAMES: Record<string, string> = {
  workerLabels: "--labels",
  workerConcurrency: "--concurrency",
  workerEvalConcurrency: "--eval-concurrency",
  cancelGraceSeconds: "--grace-seconds",
};

export function loadWorkerConfig(
  env: Record<string, string | undefined>,
  flags: Partial<Record<keyof WorkerConfig, unknown>> = {},
): WorkerConfig {
  const config = loadConfig(WorkerConfig, ENV_KEYS, env, flags, WORKER_FLAG_NAMES);
  return { ...config, dataDir: resolve(config.dataDir) };
}

/**
 * The installation this code belongs to: the nearest folder above it that holds the Python
 * trainers package. Used when no `home` is configured.
 */
export function findHome(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "trainers", "tunix_rt_trainer"))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
