// Shared setup for the apply/discover integration tests: a PRIVATE emulator per test file (they seed
// fixed bucket names, so they must not share the run-wide one), the app's own client path
// (lib/aws/clients.ts: env endpoint + AssumeRole of each account's admin role), and call counting.
//
// lib/env.ts caches process.env at first use and each vitest file runs in its own fork, so pointing the
// app at this file's emulator means setting the variables before anything calls env() (beforeAll).
import { afterAll, beforeAll } from "vitest";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";
import { resetAndSeed, seedScenario, type SeedResult } from "../testing/seed";
import type { AwsCall, CallHooks } from "../lib/aws/session";
import { defaultWizardInput, wizardInput, type WizardDefaultsPartial, type WizardInput } from "../lib/schema/wizard";
import { emulatorClients, sandboxCredentials, type EmulatorClients } from "../testing/emulator";
import { startEmulator, type RunningEmulator } from "../scripts/emulator/lifecycle.mjs";

export const SRC = "111111111111";
export const DST = "222222222222";
export const SOURCE_BUCKET = "lockbridge-demo-source";
export const VAULT = "lockbridge-demo-vault";

export type Sandbox = {
  endpoint: string;
  seeded: SeedResult;
  reseed(scenario?: string): Promise<SeedResult>;
  admin(account: string): Promise<EmulatorClients>;
};

/** Starts a private emulator for this file, points lib/env at it and seeds `scenario`. */
export function useEmulator(scenario = "testing/seeds/sandbox.json"): Sandbox {
  let emu: RunningEmulator | undefined;
  const opened: EmulatorClients[] = [];
  const box = {
    endpoint: "",
    seeded: undefined as unknown as SeedResult,
    async reseed(s = scenario) {
      opened.splice(0).forEach((c) => c.destroy()); // sessions die with a reset
      box.seeded = await resetAndSeed(box.endpoint, s);
      return box.seeded;
    },
    async admin(account: string) {
      const c = await emulatorClients(box.endpoint, account);
      opened.push(c);
      return c;
    },
  };
  beforeAll(async () => {
    emu = await startEmulator();
    box.endpoint = emu.endpoint;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: emu.endpoint,
      AWS_ACCESS_KEY_ID: sandboxCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: sandboxCredentials.secretAccessKey,
      AWS_REGION: "eu-west-1",
      LOCKBRIDGE_SANDBOX: "1",
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    box.seeded = await seedScenario(emu.endpoint, scenario);
  });
  afterAll(async () => {
    opened.forEach((c) => c.destroy());
    await emu?.stop();
  });
  return box;
}

/** The sandbox accounts with SSE-KMS (keys from the seed) and a 1-day GOVERNANCE default retention. */
export function sandboxInput(seeded: SeedResult, partial: WizardDefaultsPartial = {}, sides = SANDBOX_ACCOUNTS): WizardInput {
  return wizardInput.parse(
    defaultWizardInput({
      accounts: sides,
      encryption: {
        mode: "sse-kms",
        sourceKeyArn: seeded.keys["alias/lockbridge-source"]!,
        destinationKeyArn: seeded.keys["alias/lockbridge-vault"]!,
        bucketKeys: true,
      },
      objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 1 } },
      ...partial,
    }),
  );
}

/** Counts every AWS call the app's clients make (SDK middleware, no mocks). */
export function callRecorder(): CallHooks & { calls: AwsCall[]; writes(): AwsCall[] } {
  const calls: AwsCall[] = [];
  return { calls, after: (c) => calls.push(c), writes: () => calls.filter((c) => c.write) };
}
