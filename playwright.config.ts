import { defineConfig } from "@playwright/test";
import { chromiumPath } from "./tests/e2e/support/chromium.mjs";
import {
  API_STUB_URL,
  APP_PORT,
  APP_URL,
  E2E_APP_ENV,
  E2E_DATA_DIR,
  RECEIVER_URL,
} from "./tests/e2e/support/e2e-config";

const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  forbidOnly: Boolean(process.env.CI),
  // After the webServers are up: starts the variant builds in the background (support/global-setup.ts).
  globalSetup: "./tests/e2e/support/global-setup.ts",
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromiumPath(process.env), args: CHROMIUM_FLAGS },
  },
  webServer: [
    {
      command: "npx tsx tests/e2e/support/sentry-api-main.ts",
      url: `${API_STUB_URL}/_stub/state`,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      command: "npx tsx tests/e2e/support/receiver-main.ts",
      url: `${RECEIVER_URL}/_receiver/health`,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      // A production build, as users get it: next build (support/build-main.ts), then next start.
      command: `rm -rf ${E2E_DATA_DIR} && npx tsx tests/e2e/support/build-main.ts && npx next start -p ${APP_PORT} -H 127.0.0.1`,
      url: `${APP_URL}/api/health`,
      env: E2E_APP_ENV,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
  ],
});
