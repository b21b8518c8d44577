// Helpers for tests and seeds that talk to the moto emulator (never to real AWS).
// The vitest globalSetup (emulator-global-setup.ts) starts one patched emulator per run and
// publishes its endpoint (testEndpoint()). Test files run in parallel against it, so never reset
// it and use names no other file uses. A test that needs a known state under fixed names (the
// sandbox seed) starts its own emulator (startEmulator in scripts/emulator/lifecycle.mjs, ~0.4 s)
// and seeds it with seedScenario / resetAndSeed (testing/seed.ts); see tests/emulator-seed.test.ts.
// No vitest import here, so testing/seed.ts (run by tsx) and Playwright can use it too.
import { IAMClient } from "@aws-sdk/client-iam";
import { KMSClient } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

/** The emulator's "outside" identity. Any value works with moto, which maps unknown access keys
 *  to its default account 123456789012. Passed explicitly: never the machine's AWS_* env. */
export const sandboxCredentials = {
  accessKeyId: "lockbridge-sandbox",
  secretAccessKey: "lockbridge-sandbox-secret",
} as const;
export const BASE_ACCOUNT_ID = "123456789012";
export const SOURCE_ACCOUNT_ID = "111111111111";
export const DEST_ACCOUNT_ID = "222222222222";
export const DEFAULT_ADMIN_ROLE = "LockbridgeAdmin";
/** Same name as ENDPOINT_ENV in scripts/emulator/lifecycle.mjs, which Playwright cannot load: its
 *  TypeScript transform rewrites the .mjs file as CommonJS. So this module imports nothing from it. */
export const ENDPOINT_ENV = "LOCKBRIDGE_TEST_EMULATOR_ENDPOINT";

/** POST /moto-api/reset: wipes every account's state (S3, IAM, KMS, STS sessions). */
export async function resetEmulator(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
  if (!res.ok) throw new Error(`emulator reset failed: HTTP ${res.status}`);
}

/** Endpoint of the run's emulator (set by the vitest globalSetup; its worker threads inherit it). */
export function testEndpoint(): string {
  const endpoint = process.env[ENDPOINT_ENV];
  if (!endpoint) throw new Error(`${ENDPOINT_ENV} is not set: is testing/emulator-global-setup.ts the globalSetup?`);
  return endpoint;
}

export interface EmulatorClients {
  accountId: string;
  region: string;
  roleName: string;
  roleArn: string;
  s3: S3Client;
  iam: IAMClient;
  kms: KMSClient;
  sts: STSClient;
  destroy(): void;
}

/**
 * Clients acting in `accountId` through a fresh AssumeRole of `roleName` (which need not exist:
 * moto does not check). Do not keep them across resetEmulator: moto forgets the session and then
 * silently treats its access key as the default account 123456789012.
 */
export async function emulatorClients(
  endpoint: string,
  accountId: string,
  { region = "eu-west-1", roleName = DEFAULT_ADMIN_ROLE }: { region?: string; roleName?: string } = {},
): Promise<EmulatorClients> {
  const roleArn = `arn:aws:iam::${accountId}:role/${roleName}`;
  const base = new STSClient({ endpoint, region, credentials: sandboxCredentials });
  try {
    const { Credentials: c } = await base.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "lockbridge-sandbox" }));
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    const common = { endpoint, region, credentials };
    const clients = {
      // Path-style: the emulator is one host; virtual-hosted bucket names would not resolve.
      s3: new S3Client({ ...common, forcePathStyle: true }),
      iam: new IAMClient({ ...common, region: "us-east-1" }), // IAM is global; its home is us-east-1
      kms: new KMSClient(common),
      sts: new STSClient(common),
    };
    return { accountId, region, roleName, roleArn, ...clients, destroy: () => Object.values(clients).forEach((x) => x.destroy()) };
  } finally {
    base.destroy();
  }
}

/** Same as emulatorClients against the run's emulator. */
export function clientsFor(accountId: string, opts?: { region?: string; roleName?: string }): Promise<EmulatorClients> {
  return emulatorClients(testEndpoint(), accountId, opts);
}
