// The sandbox scenario seeds what the demo and integration tests expect, and the moto behaviours
// the discovery layer builds on are pinned here (a moto upgrade that changes one fails loudly).
// Uses a private emulator: seeding fixed names must not race other files on the shared one.
import {
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  CreateBucketCommand,
} from "@aws-sdk/client-s3";
import { GetRolePolicyCommand } from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../scripts/emulator/lifecycle.mjs";
import { emulatorClients, type EmulatorClients } from "../testing/emulator";
import { resetAndSeed, seedScenario, type SeedResult } from "../testing/seed";

const SRC = "111111111111";
const DST = "222222222222";
let emu: RunningEmulator;
let seeded: SeedResult;
let src: EmulatorClients;
let dst: EmulatorClients;

beforeAll(async () => {
  emu = await startEmulator();
  seeded = await seedScenario(emu.endpoint, "testing/seeds/sandbox.json");
  [src, dst] = await Promise.all([emulatorClients(emu.endpoint, SRC), emulatorClients(emu.endpoint, DST)]);
});
afterAll(async () => {
  src?.destroy();
  dst?.destroy();
  await emu?.stop();
});

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => "no error",
    (e: { name: string }) => e.name,
  );

describe("sandbox seed", () => {
  it("returns keys, roles and buckets by account", () => {
    expect(seeded.keys["alias/lockbridge-vault"]).toMatch(/^arn:aws:kms:eu-west-1:222222222222:key\/[0-9a-f-]{36}$/);
    expect(seeded.keys["alias/lockbridge-source"]).toMatch(/^arn:aws:kms:eu-west-1:111111111111:key\//);
    expect(seeded.roles).toEqual({
      "111111111111/LockbridgeAdmin": "arn:aws:iam::111111111111:role/LockbridgeAdmin",
      "222222222222/LockbridgeAdmin": "arn:aws:iam::222222222222:role/LockbridgeAdmin",
    });
    expect(seeded.buckets["lockbridge-demo-vault"]).toEqual({
      account: DST,
      region: "eu-west-1",
      arn: "arn:aws:s3:::lockbridge-demo-vault",
    });
    expect(seeded.accounts[SRC]?.adminRoleArn).toBe("arn:aws:iam::111111111111:role/LockbridgeAdmin");
  });

  it("puts each bucket in its own account, versioned, the vault without Object Lock", async () => {
    const names = async (c: EmulatorClients) => (await c.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name);
    expect(await names(src)).toEqual(["lockbridge-demo-source"]);
    expect(await names(dst)).toEqual(["lockbridge-demo-vault"]);
    for (const [c, Bucket] of [
      [src, "lockbridge-demo-source"],
      [dst, "lockbridge-demo-vault"],
    ] as const) {
      expect((await c.s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe("Enabled");
    }
    expect(await errorOf(dst.s3.send(new GetObjectLockConfigurationCommand({ Bucket: "lockbridge-demo-vault" })))).toBe(
      "ObjectLockConfigurationNotFoundError",
    );
  });

  it("fills the source with tagged objects", async () => {
    const list = await src.s3.send(new ListObjectsV2Command({ Bucket: "lockbridge-demo-source" }));
    expect(list.Contents?.map((o) => o.Key)).toContain("invoices/2026/INV-2026-0001.pdf");
    const tags = await src.s3.send(
      new GetObjectTaggingCommand({ Bucket: "lockbridge-demo-source", Key: "invoices/2026/INV-2026-0001.pdf" }),
    );
    expect(tags.TagSet).toEqual(expect.arrayContaining([{ Key: "classification", Value: "finance" }]));
  });

  it("creates a customer-managed symmetric vault key whose policy keeps the account root", async () => {
    const { KeyMetadata: k } = await dst.kms.send(new DescribeKeyCommand({ KeyId: "alias/lockbridge-vault" }));
    expect(k).toMatchObject({
      Arn: seeded.keys["alias/lockbridge-vault"],
      KeyManager: "CUSTOMER",
      KeySpec: "SYMMETRIC_DEFAULT",
      KeyState: "Enabled",
    });
    const { Policy } = await dst.kms.send(new GetKeyPolicyCommand({ KeyId: k!.KeyId, PolicyName: "default" }));
    expect(JSON.parse(Policy!).Statement[0].Principal).toEqual({ AWS: "arn:aws:iam::222222222222:root" });
  });
});

describe("moto facts the discovery layer relies on", () => {
  it("AssumeRole needs no existing role, and its session acts in the role's account", async () => {
    const ghost = await emulatorClients(emu.endpoint, "333333333333", { roleName: "NoSuchRole" });
    expect((await ghost.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(
      "arn:aws:sts::333333333333:assumed-role/NoSuchRole/lockbridge-sandbox",
    );
    ghost.destroy();
  });

  it("reaches buckets across accounts without any policy (no authorization), but checks ExpectedBucketOwner (patched)", async () => {
    const head = await src.s3.send(new HeadBucketCommand({ Bucket: "lockbridge-demo-vault", ExpectedBucketOwner: "222222222222" }));
    expect(head.BucketRegion).toBe("eu-west-1");
    const wrong = await src.s3.send(new HeadBucketCommand({ Bucket: "lockbridge-demo-vault", ExpectedBucketOwner: "999999999999" })).then(
      () => null,
      (e: { $metadata?: { httpStatusCode?: number } }) => e,
    );
    expect(wrong?.$metadata?.httpStatusCode).toBe(403);
    expect(await errorOf(src.s3.send(new HeadBucketCommand({ Bucket: "no-such-bucket-here" })))).toBe("NotFound");
  });

  it("reports absent configurations with S3's error codes", async () => {
    const Bucket = "lockbridge-demo-vault";
    expect(await errorOf(dst.s3.send(new GetBucketPolicyCommand({ Bucket })))).toBe("NoSuchBucketPolicy");
    await dst.s3.send(new CreateBucketCommand({ Bucket: "facts-plain", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    // S3 defaults new buckets to BucketOwnerEnforced; moto has no default (the seed sets it explicitly).
    expect(await errorOf(dst.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: "facts-plain" })))).toBe(
      "OwnershipControlsNotFoundError",
    );
    expect((await dst.s3.send(new GetBucketVersioningCommand({ Bucket: "facts-plain" }))).Status).toBeUndefined();
    expect(
      await errorOf(
        dst.s3.send(
          new PutObjectLockConfigurationCommand({ Bucket: "facts-plain", ObjectLockConfiguration: { ObjectLockEnabled: "Enabled" } }),
        ),
      ),
    ).toBe("InvalidBucketState");
  });

  it("returns IAM policy documents URL-encoded", async () => {
    const { PolicyDocument } = await src.iam.send(
      new GetRolePolicyCommand({ RoleName: "LockbridgeAdmin", PolicyName: "AdministratorAccess" }),
    );
    expect(PolicyDocument).toMatch(/^%7B/);
    expect(JSON.parse(decodeURIComponent(PolicyDocument!)).Statement[0].Action).toBe("*");
  });

  it("resolves KMS keys only in the caller's account, even by full ARN", async () => {
    expect(await errorOf(src.kms.send(new DescribeKeyCommand({ KeyId: "alias/lockbridge-vault" })))).toBe("NotFoundException");
    // AWS would answer this when the key policy allows it; moto looks only in the caller's
    // account. Read a key with the credentials of the account that owns it.
    expect(await errorOf(src.kms.send(new DescribeKeyCommand({ KeyId: seeded.keys["alias/lockbridge-vault"] })))).toBe("NotFoundException");
    // GetKeyPolicy takes a key ID or ARN, not an alias (as in AWS).
    expect(await errorOf(dst.kms.send(new GetKeyPolicyCommand({ KeyId: "alias/lockbridge-vault", PolicyName: "default" })))).toBe(
      "NotFoundException",
    );
  });

  it("refuses to suspend versioning on an Object Lock bucket, as S3 does (patched)", async () => {
    const Bucket = "facts-locked";
    await dst.s3.send(
      new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }),
    );
    expect(await errorOf(dst.s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Suspended" } })))).toBe(
      "InvalidBucketState",
    );
    expect((await dst.s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe("Enabled");
  });
});

// Last: it wipes the state the tests above read.
describe("reset", () => {
  it("seeding twice needs a reset; sessions from before a reset silently fall back to 123456789012", async () => {
    await expect(seedScenario(emu.endpoint, "testing/seeds/sandbox.json")).rejects.toThrow();
    const again = await resetAndSeed(emu.endpoint, "testing/seeds/sandbox.json");
    expect(again.keys["alias/lockbridge-vault"]).not.toBe(seeded.keys["alias/lockbridge-vault"]);
    expect((await src.sts.send(new GetCallerIdentityCommand({}))).Account).toBe("123456789012");
  });
});
