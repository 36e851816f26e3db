import { resolve } from "node:path";
import {
  ConfigError,
  heartbeatWithinLease,
  loadConfig,
  WORKER_ENV_KEYS,
  WorkerSettings,
} from "@tunix-rt/worker";
import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Every server setting, validated once at start. Limits mirror the seed's settings where it had them. */
export const ServerConfig = z
  .object({
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
    ...WorkerSettings.shape,
    shutdownGraceMs: z.coerce.number().int().min(0).default(10_000),
  })
  .refine(heartbeatWithinLease.check, heartbeatWithinLease.issue);
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
  ...WORKER_ENV_KEYS,
};

export { ConfigError };

/** Parses env + flags; on failure throws one ConfigError listing every problem. */
export function loadServerConfig(
  env: Record<string, string | undefined>,
  flags: Partial<Record<keyof ServerConfig, unknown>> = {},
): ServerConfig {
  const config = loadConfig(ServerConfig, ENV_KEYS, env, flags);
  return { ...config, dataDir: resolve(config.dataDir) };
}
