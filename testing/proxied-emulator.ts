// Test support: a private emulator for one test file, seeded with `scenario`, with the app's SDK clients
// pointed at a fault proxy in front of it (so a test can count or fail the app's AWS calls). The seed
// goes to the emulator directly. lib/env reads the environment once per test file, so this must run
// before anything calls env(): it sets the variables in beforeAll.
import { afterAll, beforeAll } from "vitest";
import { seedScenario, type SeedResult } from "./seed";
import { startEmulator, type RunningEmulator } from "../scripts/emulator/lifecycle.mjs";
import { sandboxCredentials } from "./emulator";
import { type FaultProxy, startFaultProxy } from "./fault-proxy";

export type ProxiedEmulator = { readonly proxy: FaultProxy; readonly endpoint: string; readonly seeded: SeedResult };

export function useProxiedEmulator(scenario: string, extraEnv: Record<string, string> = {}): ProxiedEmulator {
  let emu: RunningEmulator | undefined;
  let proxy: FaultProxy | undefined;
  let seeded: SeedResult | undefined;
  beforeAll(async () => {
    emu = await startEmulator();
    proxy = await startFaultProxy(emu.endpoint);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_ACCESS_KEY_ID: sandboxCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: sandboxCredentials.secretAccessKey,
      AWS_REGION: "eu-west-1",
      LOCKBRIDGE_SANDBOX: "1",
      ...extraEnv,
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    seeded = await seedScenario(emu.endpoint, scenario);
  });
  afterAll(async () => {
    await proxy?.stop();
    await emu?.stop();
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error("useProxiedEmulator: used before beforeAll ran");
    return v;
  };
  return {
    get proxy() {
      return ready(proxy);
    },
    get endpoint() {
      return ready(emu).endpoint;
    },
    get seeded() {
      return ready(seeded);
    },
  };
}
