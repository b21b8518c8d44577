// Browser tests run against a production build served by scripts/sandbox.ts, which also starts and
// seeds the emulator and passes PLAYWRIGHT_BASE_URL and LOCKBRIDGE_TEST_EMULATOR_ENDPOINT.
// Run them with `npm run test:e2e`, not bare `playwright test`.
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./testing/chromium";

const baseURL = process.env.PLAYWRIGHT_BASE_URL;
if (!baseURL) throw new Error("PLAYWRIGHT_BASE_URL is not set: run browser tests with `npm run test:e2e`.");

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1, // one app and one emulator: specs reseed it, so they run one at a time
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: "chromium", use: { browserName: "chromium", viewport: { width: 1280, height: 900 } } },
    // After everything else: scan all that the run produced for credentials (e2e/secrets.scan.ts).
    { name: "secrets", testMatch: "secrets.scan.ts", dependencies: ["chromium"] },
  ],
});
