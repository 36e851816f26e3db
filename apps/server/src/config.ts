import { resolve } from "node:path";
import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Every server setting, validated once at start. Limits mirror the seed's settings where it had them. */
export const ServerConfig = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8000),
  host: z.string().min(1).default("127.0.0.1"),
  dataDir: z.string().min(1).default("./data"),
  databaseUrl: z
    .string()
    .refine(
      (s) => /^postgres(ql)?:\/\//.test(s) || s === "memory://",
      "must be a postgres:// URL (or memory:// for a throwaway embedded database)",
    )
    .optional(),
  traceMaxBytes: z.coerce.number().int().min(1024).max(10_485_760).default(1_048_576),
  batchJsonMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(64 * 1024 * 1024),
  logLevel: z.enum(LOG_LEVELS).default("info"),
  rediMode: z.enum(["mock", "real"]).default("mock"),
  rediBaseUrl: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .default("http://localhost:8080"),
  rediHealthPath: z.string().startsWith("/", "must start with /").default("/health"),
  rediHealthCacheTtlSeconds: z.coerce.number().int().min(0).max(300).default(30),
  webDir: z.string().optional(),
  /** Run an in-process worker (default: yes on the embedded database, no on a Postgres server). */
  worker: z
    .preprocess(
      (v) => (v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : v),
      z.boolean(),
    )
    .optional(),
  /** JSON {"name": {"command": [...], "env": {...}}} of extra trainers this host offers. */
  trainers: z
    .string()
    .refine((s) => {
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
    }, 'must be JSON like {"name": {"command": ["python", "train.py"]}}')
    .optional(),
  workerLabels: z.string().default(""),
  workerConcurrency: z.coerce.number().int().min(1).max(64).default(1),
  cancelGraceSeconds: z.coerce.number().min(0).max(3600).default(30),
  logRetentionDays: z.coerce.number().int().min(0).max(3650).default(0),
  shutdownGraceMs: z.coerce.number().int().min(0).default(10_000),
});
export type ServerConfig = z.infer<typeof ServerConfig>;
export type ServerConfigInput = z.input<typeof ServerConfig>;

/** Environment variable → config key. Flags (already camelCase) override these. */
const ENV_KEYS: Record<string, keyof ServerConfig> = {
  PORT: "port",
  HOST: "host",
  TUNIX_RT_DATA_DIR: "dataDir",
  DATABASE_URL: "databaseUrl",
  TRACE_MAX_BYTES: "traceMaxBytes",
  BATCH_JSON_MAX_BYTES: "batchJsonMaxBytes",
  LOG_LEVEL: "logLevel",
  REDIAI_MODE: "rediMode",
  REDIAI_BASE_URL: "rediBaseUrl",
  REDIAI_HEALTH_PATH: "rediHealthPath",
  REDIAI_HEALTH_CACHE_TTL_SECONDS: "rediHealthCacheTtlSeconds",
  TUNIX_RT_WORKER: "worker",
  TUNIX_RT_TRAINERS: "trainers",
  TUNIX_RT_WORKER_LABELS: "workerLabels",
  TUNIX_RT_WORKER_CONCURRENCY: "workerConcurrency",
  CANCEL_GRACE_SECONDS: "cancelGraceSeconds",
  LOG_RETENTION_DAYS: "logRetentionDays",
};

export class ConfigError extends Error {}

/** Parses env + flags; on failure throws one ConfigError listing every problem. */
export function loadServerConfig(
  env: Record<string, string | undefined>,
  flags: Partial<Record<keyof ServerConfig, unknown>> = {},
): ServerConfig {
  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};
  for (const [envKey, key] of Object.entries(ENV_KEYS)) {
    const v = env[envKey];
    if (v !== undefined && v !== "") {
      raw[key] = v;
      origin[key] = envKey;
    }
  }
  for (const [key, v] of Object.entries(flags)) {
    if (v !== undefined) {
      raw[key] = v;
      origin[key] = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    }
  }
  const parsed = ServerConfig.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0]);
      return `  - ${origin[key] ?? key}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) };
}
