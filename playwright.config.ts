import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "@playwright/test";

// The journeys drive the built web app as the server serves it; `npm test` builds it first.
if (!existsSync("apps/web/dist/index.html")) {
  throw new Error("apps/web/dist is missing: run `npm run build` before `npx playwright test`.");
}

const PORT = 4319;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DATA_DIR = ".tmp/e2e-data";

// The database is fresh each run (memory://); the run directories of the last run go with it.
// Test workers load this file too, while the server runs: only the runner clears.
if (process.env.TEST_WORKER_INDEX === undefined) rmSync(`${DATA_DIR}/runs`, { recursive: true, force: true });

// The in-process worker offers the contract's fixture trainer (apps/worker/test-fixtures): journeys
// drive real runs, with logs, metrics and checkpoints shaped by trainer_options, in well under a second.
// It also offers the built-in jax trainer (the .venv npm test creates), which runs-jax.spec.ts trains.
const TRAINERS = {
  fixture: { command: ["node", resolve("apps/worker/test-fixtures/fixture-trainer.mjs")] },
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // scripts/test-all.mjs reads the JSON report from PLAYWRIGHT_JSON_OUTPUT_NAME; run by hand, it
  // goes to .tmp instead of flooding the terminal.
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? ".tmp/playwright.json" }],
  ],
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    viewport: { width: 1280, height: 900 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  // Runs go last: a dataset that runs refer to can no longer be deleted, and the Traces screenshot
  // empties the store first. With one worker, projects run in this order.
  projects: [
    { name: "journeys", testIgnore: /runs(-\w+)?\.spec\.ts$/ },
    { name: "runs", testMatch: /runs(-\w+)?\.spec\.ts$/ },
  ],
  webServer: {
    command: `node apps/cli/bin/tunix-rt.js serve --port ${PORT} --data-dir ${DATA_DIR}`,
    url: `${BASE_URL}/api/health`,
    // A fresh in-memory database each run: journeys never see a previous run's traces.
    // A cancelled fixture run stops within CANCEL_GRACE_SECONDS even if it ignored SIGTERM.
    env: {
      DATABASE_URL: "memory://",
      REDIAI_MODE: "mock",
      LOG_LEVEL: "warn",
      TUNIX_RT_TRAINERS: JSON.stringify(TRAINERS),
      CANCEL_GRACE_SECONDS: "2",
    },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
