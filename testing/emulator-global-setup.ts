// vitest globalSetup: one patched moto emulator for the whole run (~2 s to start).
// Tests read its endpoint with testEndpoint() (testing/emulator.ts) or inject("emulatorEndpoint").
// It is shared by test files running in parallel: nobody resets it (see testing/emulator.ts).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
// Nothing here may import the AWS SDK (e.g. via ./emulator): loading it through vitest's module
// runner in the main process costs ~4 s per run.
import { ENDPOINT_ENV, ensureVenv, startEmulator } from "../scripts/emulator/lifecycle.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    emulatorEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Idempotent and instant when .venv matches requirements.txt; on a fresh machine it installs
  // moto (needs the Python package index) or fails with a message saying what is missing.
  ensureVenv();
  const emulator = await startEmulator();
  project.provide("emulatorEndpoint", emulator.endpoint);
  // Test workers (threads) start after this and inherit the variable.
  process.env[ENDPOINT_ENV] = emulator.endpoint;
  // Apply runs are stored (lib/apply/runs.ts): tests that do not choose a data directory share a
  // temporary one instead of writing into the repository's .data.
  process.env.LOCKBRIDGE_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "lockbridge-tests-"));
  return async () => {
    await emulator.stop();
    delete process.env[ENDPOINT_ENV];
  };
}
