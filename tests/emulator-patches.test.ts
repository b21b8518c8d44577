// Each fidelity patch (scripts/emulator/patches.py) must hold on the patched emulator AND be
// needed: the same call must misbehave on plain moto. If upstream fixes a gap, the "unpatched"
// expectation fails and tells us to delete the patch.
import {
  CreateBucketCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  PutBucketPolicyCommand,
  GetBucketRequestPaymentCommand,
  GetObjectLockConfigurationCommand,
  PutBucketReplicationCommand,
  PutBucketRequestPaymentCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  type ReplicationConfiguration,
} from "@aws-sdk/client-s3";
import { CreateKeyCommand, DescribeKeyCommand, PutKeyPolicyCommand } from "@aws-sdk/client-kms";
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../scripts/emulator/lifecycle.mjs";
import { emulatorClients, type EmulatorClients } from "../testing/emulator";

const SRC = "111111111111";
// Every field Lockbridge writes (the replication rule step), plus a foreign rule of each filter shape.
const replication: ReplicationConfiguration = {
  Role: "arn:aws:iam::111111111111:role/service-role/lockbridge-replication",
  Rules: [
    {
      ID: "lockbridge-invoices",
      Priority: 10,
      Status: "Enabled",
      Filter: {
        And: {
          Prefix: "invoices/",
          Tags: [
            { Key: "classification", Value: "finance" },
            { Key: "retention", Value: "7y" },
          ],
        },
      },
      DeleteMarkerReplication: { Status: "Disabled" },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: "Enabled" }, ReplicaModifications: { Status: "Enabled" } },
      Destination: {
        Bucket: "arn:aws:s3:::lockbridge-demo-vault",
        Account: "222222222222",
        AccessControlTranslation: { Owner: "Destination" },
        EncryptionConfiguration: { ReplicaKmsKeyID: "arn:aws:kms:eu-west-1:222222222222:key/0b4e8a9c-1d2f-4e5a-9b6c-7d8e9f0a1b2c" },
        StorageClass: "STANDARD_IA",
        ReplicationTime: { Status: "Enabled", Time: { Minutes: 15 } },
        Metrics: { Status: "Enabled", EventThreshold: { Minutes: 15 } },
      },
    },
    {
      ID: "foreign-one-tag-and",
      Priority: 4,
      Status: "Enabled", // a single tag inside And must still read back as an array
      Filter: { And: { Prefix: "exports/", Tags: [{ Key: "team", Value: "data" }] } },
      DeleteMarkerReplication: { Status: "Disabled" },
      Destination: { Bucket: "arn:aws:s3:::foreign-dr" },
    },
    {
      ID: "foreign-tag",
      Priority: 3,
      Status: "Disabled",
      Filter: { Tag: { Key: "backup", Value: "true" } },
      DeleteMarkerReplication: { Status: "Disabled" },
      Destination: { Bucket: "arn:aws:s3:::foreign-dr" },
    },
    {
      ID: "foreign-prefix",
      Priority: 2,
      Status: "Enabled", // prefixes are data: spaces, quotes, markup
      Filter: { Prefix: ' logs/ "q" & <x> é ' },
      DeleteMarkerReplication: { Status: "Enabled" },
      Destination: { Bucket: "arn:aws:s3:::foreign-dr", StorageClass: "GLACIER_IR" },
    },
    {
      ID: "foreign-everything",
      Priority: 1,
      Status: "Enabled",
      Filter: {},
      DeleteMarkerReplication: { Status: "Disabled" },
      Destination: { Bucket: "arn:aws:s3:::foreign-dr" },
    },
  ],
};

let patched: RunningEmulator;
let plain: RunningEmulator;
let p: EmulatorClients;
let u: EmulatorClients;
let n = 0;

async function versionedBucket(c: EmulatorClients): Promise<string> {
  const Bucket = `patch-test-${++n}`;
  await c.s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
  await c.s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Enabled" } }));
  return Bucket;
}

beforeAll(async () => {
  [patched, plain] = await Promise.all([startEmulator(), startEmulator({ patched: false })]);
  [p, u] = await Promise.all([emulatorClients(patched.endpoint, SRC), emulatorClients(plain.endpoint, SRC)]);
});
afterAll(async () => {
  p?.destroy();
  u?.destroy();
  await Promise.all([patched?.stop(), plain?.stop()]);
});

async function replicationRoundTrip(c: EmulatorClients) {
  const Bucket = await versionedBucket(c);
  await c.s3.send(new PutBucketReplicationCommand({ Bucket, ReplicationConfiguration: replication }));
  return (await c.s3.send(new GetBucketReplicationCommand({ Bucket }))).ReplicationConfiguration;
}

describe("GetBucketReplication returns the rules as written", () => {
  it("patched: deep-equals the written configuration (SDK-parsed: numbers, one-element Tags arrays, spaces)", async () => {
    expect(await replicationRoundTrip(p)).toStrictEqual(replication);
  });

  it('unpatched moto is lossy (Filter reset to Prefix "", SourceSelectionCriteria dropped)', async () => {
    const got = await replicationRoundTrip(u);
    expect(got).not.toEqual(replication);
    expect(got?.Rules?.find((r) => r.ID === "foreign-tag")?.Filter).toEqual({ Prefix: "" });
    expect(got?.Rules?.find((r) => r.ID === "lockbridge-invoices")?.SourceSelectionCriteria).toBeUndefined();
  });
});

describe("request payment", () => {
  async function payer(c: EmulatorClients) {
    const Bucket = await versionedBucket(c);
    const before = (await c.s3.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer;
    await c.s3.send(new PutBucketRequestPaymentCommand({ Bucket, RequestPaymentConfiguration: { Payer: "Requester" } }));
    return [before, (await c.s3.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer];
  }

  it("patched: BucketOwner by default, Requester after PutBucketRequestPayment", async () => {
    expect(await payer(p)).toEqual(["BucketOwner", "Requester"]);
  });

  it("unpatched moto cannot store it (the PUT is taken for CreateBucket)", async () => {
    await expect(payer(u)).rejects.toThrow();
  });
});

describe("Object Lock on an existing bucket", () => {
  const lock = { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 30 } } } as const;
  async function lockNonEmpty(c: EmulatorClients) {
    const Bucket = await versionedBucket(c);
    await c.s3.send(new PutObjectCommand({ Bucket, Key: "existing.txt", Body: "already here" }));
    await c.s3.send(new PutObjectLockConfigurationCommand({ Bucket, ObjectLockConfiguration: lock }));
    return (await c.s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration;
  }

  it("patched: enables on a versioned bucket that holds objects, reads back only the period set", async () => {
    expect(await lockNonEmpty(p)).toStrictEqual(lock);
  });

  it("unpatched moto refuses a non-empty bucket", async () => {
    await expect(lockNonEmpty(u)).rejects.toMatchObject({ name: "InvalidBucket" });
  });

  it("unpatched moto reads back the unset period as 0", async () => {
    const Bucket = await versionedBucket(u);
    await u.s3.send(new PutObjectLockConfigurationCommand({ Bucket, ObjectLockConfiguration: lock }));
    const got = (await u.s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration;
    expect(got?.Rule?.DefaultRetention).toEqual({ Mode: "COMPLIANCE", Days: 30, Years: 0 });
  });
});

describe("AWS-managed KMS keys", () => {
  it("patched: alias/aws/s3 is KeyManager AWS; unpatched moto says CUSTOMER", async () => {
    const describe = (c: EmulatorClients) => c.kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/s3" }));
    expect((await describe(p)).KeyMetadata?.KeyManager).toBe("AWS");
    expect((await describe(u)).KeyMetadata?.KeyManager).toBe("CUSTOMER");
  });
});

describe("versioning on an Object Lock bucket", () => {
  async function suspendLocked(c: EmulatorClients) {
    const Bucket = await versionedBucket(c);
    await c.s3.send(new PutObjectLockConfigurationCommand({ Bucket, ObjectLockConfiguration: { ObjectLockEnabled: "Enabled" } }));
    await c.s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Suspended" } }));
    return (await c.s3.send(new GetBucketVersioningCommand({ Bucket }))).Status;
  }

  it("patched: suspending is refused with 409 InvalidBucketState and versioning stays Enabled", async () => {
    const err = await suspendLocked(p).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: "InvalidBucketState", $metadata: { httpStatusCode: 409 } });
    expect(String((err as Error).message)).toMatch(/Object Lock configuration is present/);
  });

  it("unpatched moto suspends it", async () => {
    expect(await suspendLocked(u)).toBe("Suspended");
  });
});

describe("ExpectedBucketOwner", () => {
  async function wrongOwner(c: EmulatorClients) {
    const Bucket = await versionedBucket(c);
    // the bucket is in 111111111111; the caller claims it should be 999999999999's
    await c.s3.send(new PutObjectCommand({ Bucket, Key: "a.txt", Body: "x", ExpectedBucketOwner: "999999999999" }));
    return Bucket;
  }

  it("patched: a wrong owner is refused with 403 AccessDenied on bucket and object calls; the right one passes", async () => {
    await expect(wrongOwner(p)).rejects.toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    const Bucket = await versionedBucket(p);
    await expect(p.s3.send(new GetBucketVersioningCommand({ Bucket, ExpectedBucketOwner: "999999999999" }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    await p.s3.send(new PutObjectCommand({ Bucket, Key: "a.txt", Body: "x", ExpectedBucketOwner: SRC }));
    expect((await p.s3.send(new GetBucketVersioningCommand({ Bucket, ExpectedBucketOwner: SRC }))).Status).toBe("Enabled");
  });

  it("unpatched moto ignores it", async () => {
    await expect(wrongOwner(u)).resolves.toMatch(/^patch-test-/);
  });
});

describe("policies naming a principal that does not exist", () => {
  const ghost = `arn:aws:iam::${SRC}:role/lockbridge-no-such-role`;
  const doc = (principal: string, resource: string, action = "s3:GetObject") =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Sid: "Ghost", Effect: "Allow", Principal: { AWS: principal }, Action: action, Resource: resource }],
    });

  async function bucketPolicy(c: EmulatorClients, principal: string) {
    const Bucket = await versionedBucket(c);
    await c.s3.send(new PutBucketPolicyCommand({ Bucket, Policy: doc(principal, `arn:aws:s3:::${Bucket}/*`) }));
  }
  async function keyPolicy(c: EmulatorClients, principal: string) {
    const { KeyMetadata } = await c.kms.send(new CreateKeyCommand({}));
    const root = { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${SRC}:root` }, Action: "kms:*", Resource: "*" };
    const policy = JSON.parse(doc(principal, "*", "kms:Decrypt"));
    policy.Statement.unshift(root);
    await c.kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, PolicyName: "default", Policy: JSON.stringify(policy) }));
  }

  it('patched: S3 refuses with MalformedPolicy "Invalid principal in policy", KMS with MalformedPolicyDocumentException', async () => {
    await expect(bucketPolicy(p, ghost)).rejects.toMatchObject({ name: "MalformedPolicy", message: "Invalid principal in policy" });
    await expect(keyPolicy(p, ghost)).rejects.toMatchObject({
      name: "MalformedPolicyDocumentException",
      message: expect.stringMatching(/invalid principals/),
    });
    await expect(p.kms.send(new CreateKeyCommand({ Policy: doc(ghost, "*", "kms:Decrypt") }))).rejects.toMatchObject({
      name: "MalformedPolicyDocumentException",
    });
  });

  it("patched: an existing role, an account root and a bare account ID are accepted", async () => {
    const RoleName = `patch-principal-${Date.now()}`;
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
    const { Role } = await p.iam.send(
      new CreateRoleCommand({ RoleName, Path: "/service-role/", AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );
    await bucketPolicy(p, Role!.Arn!);
    await keyPolicy(p, Role!.Arn!);
    await bucketPolicy(p, `arn:aws:iam::222222222222:root`);
    await bucketPolicy(p, "222222222222");
  });

  it("unpatched moto accepts both", async () => {
    await bucketPolicy(u, ghost);
    await keyPolicy(u, ghost);
  });
});

describe("KMS CreateKey without KeyUsage", () => {
  it("patched: ENCRYPT_DECRYPT as in AWS; unpatched moto reports none", async () => {
    const usage = async (c: EmulatorClients) =>
      (await c.kms.send(new CreateKeyCommand({ Description: "no usage given" }))).KeyMetadata?.KeyUsage;
    expect(await usage(p)).toBe("ENCRYPT_DECRYPT");
    expect(await usage(u)).toBeUndefined();
  });
});
