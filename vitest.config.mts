import { defineConfig } from "vitest/config";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

// Two projects: `unit` needs nothing but Node (the pure plan engine, schemas, adapters; the fast loop of
// `npm run check`), `integration` starts one patched moto emulator for the run (tests/).
export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // "server-only" throws outside a React Server Components bundle; tests run server code directly.
      "server-only": fileURLToPath(new URL("./testing/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Worker threads start and tear down cheaper than forked processes (about 2 % of the CPU of a run
    // on 2 cores, where every test stage is CPU-bound); each file still gets its own module registry.
    pool: "threads",
    projects: [
      { extends: true, test: { name: "unit", include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          globalSetup: ["./testing/emulator-global-setup.ts"],
          // Integration files spend much of their time waiting on the emulator (another process), so two
          // run side by side even on 2 cores, where vitest's default (cores - 1) would run them one by one.
          maxWorkers: Math.max(2, availableParallelism() - 1),
          // Tests that run exported scripts start a process per aws call: a few seconds on an idle
          // 2-core machine, but past 30 s when it is shared with other jobs. A hang still fails.
          testTimeout: 120_000,
        },
      },
    ],
  },
});
