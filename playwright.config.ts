import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// The journeys drive the built web app as the server serves it; `npm test` builds it first.
if (!existsSync("apps/web/dist/index.html")) {
  throw new Error("apps/web/dist is missing: run `npm run build` before `npx playwright test`.");
}

const PORT = 4319;
const BASE_URL = `http://127.0.0.1:${PORT}`;

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
  webServer: {
    command: `node apps/cli/bin/tunix-rt.js serve --port ${PORT} --data-dir .tmp/e2e-data`,
    url: `${BASE_URL}/api/health`,
    // A fresh in-memory database each run: journeys never see a previous run's traces.
    env: { DATABASE_URL: "memory://", REDIAI_MODE: "mock", LOG_LEVEL: "warn" },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
