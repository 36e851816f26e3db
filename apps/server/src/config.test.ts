import { describe, expect, it } from "vitest";
import { ConfigError, loadServerConfig } from "./config.js";

describe("loadServerConfig", () => {
  it("has sensible defaults", () => {
    const c = loadServerConfig({});
    expect(c).toMatchObject({
      port: 8000,
      host: "127.0.0.1",
      traceMaxBytes: 1_048_576,
      rediMode: "mock",
      rediHealthCacheTtlSeconds: 30,
    });
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it("reads the environment, and flags override it", () => {
    const c = loadServerConfig(
      { PORT: "9000", TRACE_MAX_BYTES: "2048", REDIAI_MODE: "real" },
      { port: "9100" },
    );
    expect(c.port).toBe(9100);
    expect(c.traceMaxBytes).toBe(2048);
    expect(c.rediMode).toBe("real");
  });

  it("lists every problem at once, naming the variable or flag", () => {
    let message = "";
    try {
      loadServerConfig(
        {
          PORT: "99999",
          TRACE_MAX_BYTES: "10",
          REDIAI_MODE: "maybe",
          REDIAI_BASE_URL: "ftp://x",
          REDIAI_HEALTH_PATH: "health",
          DATABASE_URL: "mysql://x",
        },
        { logLevel: "loud" },
      );
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    for (const name of [
      "PORT",
      "TRACE_MAX_BYTES",
      "REDIAI_MODE",
      "REDIAI_BASE_URL",
      "REDIAI_HEALTH_PATH",
      "DATABASE_URL",
      "--log-level",
    ]) {
      expect(message).toContain(`- ${name}:`);
    }
  });
});
