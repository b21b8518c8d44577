// Seeds the moto emulator with a scenario described as data (testing/seeds/*.json, types below).
// To act in account X it assumes arn:aws:iam::X:role/<adminRole> with the sandbox base
// credentials: moto's AssumeRole needs no existing role and its credentials act in X, so the
// admin role is created by the very session that assumed it.
// Seed a freshly reset emulator: S3 bucket names are global, so a second seed of the same
// scenario fails (BucketAlreadyOwnedByYou). resetAndSeed() does both.
// Strings "${key:alias/NAME}" anywhere in policies, replication or objects become that key's ARN.
//
// CLI: node_modules/.bin/tsx testing/seed.ts <endpoint> testing/seeds/sandbox.json   (prints SeedResult JSON)
import { readFileSync } from "node:fs";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  KeySpec,
  ScheduleKeyDeletionCommand,
} from "@aws-sdk/client-kms";
import {
  BucketLocationConstraint,
  CreateBucketCommand,
  ObjectOwnership,
  Payer,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketRequestPaymentCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  ReplicationRule,
  ServerSideEncryption,
} from "@aws-sdk/client-s3";
import { DEFAULT_ADMIN_ROLE, emulatorClients, resetEmulator, type EmulatorClients } from "./emulator";

type PolicyDocument = { Version?: string; Statement: unknown[] };

export interface SeedScenario {
  name: string;
  description?: string;
  /** Role assumed in every account to act there (default LockbridgeAdmin). */
  adminRole?: string;
  accounts: SeedAccount[];
}
export interface SeedAccount {
  id: string;
  label?: string;
  /** Default region of the account's buckets and keys. */
  region: string;
  roles?: { name: string; path?: string; description?: string; trust: PolicyDocument; inlinePolicies?: Record<string, PolicyDocument> }[];
  kmsKeys?: SeedKey[];
  buckets?: SeedBucket[];
}
export interface SeedKey {
  alias: string;
  description?: string;
  region?: string;
  policy?: PolicyDocument;
  keySpec?: `${KeySpec}`;
  /** "AWS": an AWS-managed key; alias must be alias/aws/<service> (moto creates it on first use). */
  keyManager?: "CUSTOMER" | "AWS";
  enabled?: boolean;
  pendingDeletionDays?: number;
}
export interface SeedBucket {
  name: string;
  region?: string;
  /** Omitted: never versioned. */
  versioning?: "Enabled" | "Suspended";
  /** Present: created with Object Lock (optionally with a default retention). */
  objectLock?: { defaultRetention?: { mode: "GOVERNANCE" | "COMPLIANCE"; days?: number; years?: number } };
  ownership?: `${ObjectOwnership}`;
  requestPayment?: `${Payer}`;
  encryption?: { algorithm: "AES256" | "aws:kms"; kmsKey?: string; bucketKey?: boolean };
  policy?: PolicyDocument;
  objects?: { key: string; body: string; contentType?: string; tags?: Record<string, string>; kmsKey?: string }[];
  /** SDK shape of ReplicationConfiguration (Role + Rules), written after every bucket exists. */
  replication?: { Role: string; Rules: ReplicationRule[] };
}
export interface SeedResult {
  scenario: string;
  endpoint: string;
  /** account ID → its region and the role the seed (and clientsFor) assume there. */
  accounts: Record<string, { region: string; adminRoleArn: string }>;
  /** KMS alias (e.g. "alias/lockbridge-vault") → key ARN. */
  keys: Record<string, string>;
  /** "ACCOUNT/RoleName" → role ARN. */
  roles: Record<string, string>;
  /** bucket name → owner account, region, ARN. */
  buckets: Record<string, { account: string; region: string; arn: string }>;
}

export function loadScenario(path: string): SeedScenario {
  return JSON.parse(readFileSync(path, "utf8")) as SeedScenario;
}

/** Replaces "${key:alias/...}" in every string of a JSON value (placeholders stay data, never code). */
function resolveRefs<T>(value: T, keys: Record<string, string>): T {
  const text = JSON.stringify(value).replace(/\$\{key:([^}"]+)\}/g, (_, alias: string) => {
    const arn = keys[alias];
    if (!arn) throw new Error(`seed: unknown key reference ${alias}`);
    return arn;
  });
  return JSON.parse(text) as T;
}

async function seedIdentity(c: EmulatorClients, account: SeedAccount, out: SeedResult) {
  const { iam, accountId } = c;
  for (const role of account.roles ?? []) {
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: role.name,
        Path: role.path ?? "/",
        Description: role.description,
        AssumeRolePolicyDocument: JSON.stringify(role.trust),
      }),
    );
    for (const [PolicyName, doc] of Object.entries(role.inlinePolicies ?? {})) {
      await iam.send(new PutRolePolicyCommand({ RoleName: role.name, PolicyName, PolicyDocument: JSON.stringify(doc) }));
    }
    out.roles[`${accountId}/${role.name}`] = Role!.Arn!;
  }
  for (const key of account.kmsKeys ?? []) {
    if (out.keys[key.alias]) throw new Error(`seed: alias ${key.alias} is used twice; keys are indexed by alias`);
    // A key in another region (the "wrong region" diagnostic) needs a KMS client there.
    const other =
      key.region && key.region !== c.region
        ? await emulatorClients(out.endpoint, accountId, { region: key.region, roleName: c.roleName })
        : undefined;
    const kms = (other ?? c).kms;
    let arn: string;
    if (key.keyManager === "AWS") {
      // AWS-managed keys cannot be created; they appear when first referenced by alias.
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: key.alias }));
      arn = KeyMetadata!.Arn!;
    } else {
      const { KeyMetadata } = await kms.send(
        new CreateKeyCommand({
          Description: key.description,
          KeySpec: key.keySpec,
          KeyUsage: key.keySpec?.startsWith("HMAC") ? "GENERATE_VERIFY_MAC" : "ENCRYPT_DECRYPT",
          Policy: key.policy && JSON.stringify(key.policy),
        }),
      );
      arn = KeyMetadata!.Arn!;
      await kms.send(new CreateAliasCommand({ AliasName: key.alias, TargetKeyId: KeyMetadata!.KeyId }));
      if (key.enabled === false) await kms.send(new DisableKeyCommand({ KeyId: arn }));
      if (key.pendingDeletionDays) {
        await kms.send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: key.pendingDeletionDays }));
      }
    }
    other?.destroy();
    out.keys[key.alias] = arn;
  }
}

async function seedBuckets({ s3, accountId }: EmulatorClients, account: SeedAccount, out: SeedResult) {
  for (const raw of account.buckets ?? []) {
    const b = resolveRefs(raw, out.keys);
    const Bucket = b.name;
    const region = b.region ?? account.region;
    await s3.send(
      new CreateBucketCommand({
        Bucket,
        ObjectLockEnabledForBucket: b.objectLock ? true : undefined,
        // us-east-1 is the one region that must not be named as a LocationConstraint.
        CreateBucketConfiguration: region === "us-east-1" ? undefined : { LocationConstraint: region as BucketLocationConstraint },
      }),
    );
    out.buckets[Bucket] = { account: accountId, region, arn: `arn:aws:s3:::${Bucket}` };
    if (b.versioning) await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: b.versioning } }));
    const retention = b.objectLock?.defaultRetention;
    if (retention) {
      await s3.send(
        new PutObjectLockConfigurationCommand({
          Bucket,
          ObjectLockConfiguration: {
            ObjectLockEnabled: "Enabled",
            Rule: { DefaultRetention: { Mode: retention.mode, Days: retention.days, Years: retention.years } },
          },
        }),
      );
    }
    if (b.ownership) {
      await s3.send(new PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: b.ownership }] } }));
    }
    if (b.requestPayment) {
      await s3.send(new PutBucketRequestPaymentCommand({ Bucket, RequestPaymentConfiguration: { Payer: b.requestPayment } }));
    }
    if (b.encryption) {
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [
              {
                ApplyServerSideEncryptionByDefault: { SSEAlgorithm: b.encryption.algorithm, KMSMasterKeyID: b.encryption.kmsKey },
                BucketKeyEnabled: b.encryption.bucketKey,
              },
            ],
          },
        }),
      );
    }
    if (b.policy) await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(b.policy) }));
    for (const o of b.objects ?? []) {
      await s3.send(
        new PutObjectCommand({
          Bucket,
          Key: o.key,
          Body: o.body,
          ContentType: o.contentType ?? "text/plain",
          Tagging:
            o.tags &&
            Object.entries(o.tags)
              .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
              .join("&"),
          ServerSideEncryption: o.kmsKey ? ServerSideEncryption.aws_kms : undefined,
          SSEKMSKeyId: o.kmsKey,
        }),
      );
    }
  }
}

async function seedReplication({ s3 }: EmulatorClients, account: SeedAccount, out: SeedResult) {
  for (const b of account.buckets ?? []) {
    if (!b.replication) continue;
    const ReplicationConfiguration = resolveRefs(b.replication, out.keys);
    await s3.send(new PutBucketReplicationCommand({ Bucket: b.name, ReplicationConfiguration }));
  }
}

/** Creates everything the scenario describes: every account's roles and keys, then buckets, then
 *  replication (rules and policies may name keys and buckets of other accounts). */
export async function seedScenario(endpoint: string, scenarioOrPath: SeedScenario | string): Promise<SeedResult> {
  const scenario = typeof scenarioOrPath === "string" ? loadScenario(scenarioOrPath) : scenarioOrPath;
  const out: SeedResult = { scenario: scenario.name, endpoint, accounts: {}, keys: {}, roles: {}, buckets: {} };
  const clients: EmulatorClients[] = [];
  try {
    for (const account of scenario.accounts) {
      const c = await emulatorClients(endpoint, account.id, { region: account.region, roleName: scenario.adminRole ?? DEFAULT_ADMIN_ROLE });
      clients.push(c);
      out.accounts[account.id] = { region: account.region, adminRoleArn: c.roleArn };
      await seedIdentity(c, account, out);
    }
    for (const [i, account] of scenario.accounts.entries()) await seedBuckets(clients[i]!, account, out);
    for (const [i, account] of scenario.accounts.entries()) await seedReplication(clients[i]!, account, out);
  } finally {
    clients.forEach((c) => c.destroy());
  }
  return out;
}

/** Wipes the emulator, then seeds: the usual start of an isolated integration test. */
export async function resetAndSeed(endpoint: string, scenarioOrPath: SeedScenario | string): Promise<SeedResult> {
  await resetEmulator(endpoint);
  return seedScenario(endpoint, scenarioOrPath);
}

// CLI detection by path, not import.meta: this module is also loaded as CommonJS (tsx, Playwright).
if (/[\\/]e2e[\\/]seed\.ts$/.test(process.argv[1] ?? "")) {
  const [endpoint, file] = process.argv.slice(2);
  if (!endpoint || !file) {
    console.error("usage: tsx testing/seed.ts <endpoint> <scenario.json>");
    process.exit(2);
  }
  seedScenario(endpoint, file).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
      process.exit(1);
    },
  );
}
