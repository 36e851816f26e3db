import { defineConfig } from "vitest/config";

const INCLUDE = [
  "packages/*/src/**/*.test.ts",
  "apps/*/src/**/*.test.ts",
  "apps/*/src/**/*.test.tsx",
  "bench/**/*.test.ts",
];
// Tests that train real models (jax, Google's Tunix) keep both cores busy for a minute or more.
// They run after everything else, one file at a time, so that the timing-sensitive process tests
// (leases, heartbeats, several workers, a Postgres outage) never run starved beside them.
const TRAINING = "**/*.training.test.ts";

export default defineConfig({
  test: {
    exclude: ["**/node_modules/**", "e2e/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: "main", include: INCLUDE, exclude: [TRAINING], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: "training", include: [TRAINING], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
