// Browser tests run against a production build served by scripts/sandbox.ts, which also starts and
// seeds the emulator and passes PLAYWRIGHT_BASE_URL and LOCKBRIDGE_TEST_EMULATOR_ENDPOINT.
// Run them with `npm run test:e2e`, not bare `playwright test`.
//
// LOCKBRIDGE_E2E_SHARD=i/n runs only the i-th of n groups of spec files, for n sandboxes side by side
// (npm test runs two): each group gets its own app and emulator, output folder and report, and ends
// with its own secrets scan of that app's log and database.
import { readdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./testing/chromium";

const baseURL = process.env.PLAYWRIGHT_BASE_URL;
if (!baseURL) throw new Error("PLAYWRIGHT_BASE_URL is not set: run browser tests with `npm run test:e2e`.");

// Seconds each spec file took in a full run on the 2-core machine (list reporter), used only to balance
// the groups; a spec missing here counts as DEFAULT_SECONDS. Stale figures make groups uneven, never wrong.
const SECONDS: Record<string, number> = {
  "wizard-state-live.spec.ts": 65,
  "plans.spec.ts": 35,
  "diagnostics.spec.ts": 30,
  "onboard.spec.ts": 28,
  "wizard-state.spec.ts": 26,
  "a11y.spec.ts": 24,
  "replication.spec.ts": 20,
  "access-restart.spec.ts": 19,
  "access-proxy.spec.ts": 16,
  "access-actions.spec.ts": 13,
  "existing-objects.spec.ts": 12,
  "accounts.spec.ts": 9,
  "apply.spec.ts": 8,
  "verify.spec.ts": 8,
  "plans-identity.spec.ts": 7,
  "wizard-drafts.spec.ts": 7,
  "wizard-validation.spec.ts": 7,
  "wizard-live.spec.ts": 5,
  "security.spec.ts": 4,
  "wizard.spec.ts": 4,
};
const DEFAULT_SECONDS = 15;

/** The spec files of group `index` (1-based) of `count`: longest first, each to the least loaded group. */
function specGroup(index: number, count: number): string[] {
  const specs = readdirSync(path.join(__dirname, "e2e"))
    .filter((f) => f.endsWith(".spec.ts"))
    .sort();
  const weight = (f: string) => SECONDS[f] ?? DEFAULT_SECONDS;
  const groups = Array.from({ length: count }, () => ({ seconds: 0, files: [] as string[] }));
  for (const f of [...specs].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : 1))) {
    const g = groups.reduce((least, x) => (x.seconds < least.seconds ? x : least));
    g.seconds += weight(f);
    g.files.push(f);
  }
  return groups[index - 1]!.files.sort();
}

const shard = process.env.LOCKBRIDGE_E2E_SHARD;
const m = shard ? /^(\d+)\/(\d+)$/.exec(shard) : null;
if (shard && (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])))
  throw new Error(`LOCKBRIDGE_E2E_SHARD=${shard}: expected i/n with 1 <= i <= n, e.g. 1/2.`);
const group = m ? specGroup(Number(m[1]), Number(m[2])) : undefined;
// Each group's output stays inside the folders every tool already ignores.
const suffix = m ? `/group-${m[1]}` : "";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: `test-results/e2e${suffix}`,
  fullyParallel: false,
  workers: 1, // one app and one emulator: specs reseed it, so they run one at a time
  // A trace costs about a third of the CPU of a passing run (DOM snapshots and a screencast of every
  // step), so none is recorded the first time. A test that fails runs once more, recording a trace for
  // whoever reads the report; a test that passes on that second try still fails the run (flaky).
  retries: 1,
  failOnFlakyTests: true,
  // Two groups share 2 cores (and often the machine with other jobs): a spec that takes 25 s alone
  // (the axe scan of every step) took over 60 s so. Long specs set their own, larger timeouts.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: `playwright-report${suffix}` }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "on-first-retry",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    {
      name: "chromium",
      testMatch: group ?? "**/*.spec.ts",
      use: { browserName: "chromium", viewport: { width: 1280, height: 900 } },
    },
    // After everything else: scan all that the run produced for credentials (e2e/secrets.scan.ts).
    { name: "secrets", testMatch: "secrets.scan.ts", dependencies: ["chromium"] },
  ],
});
