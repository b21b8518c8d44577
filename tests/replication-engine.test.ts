// Table-driven tests of the sandbox replication engine (scripts/replicator) against the run's emulator,
// which the vitest global setup starts with the engine in front of moto. Cases: tests/replication-cases/.
// Each case gets its own buckets, role and keys (the emulator is shared by parallel test files).
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateKeyCommand } from "@aws-sdk/client-kms";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketReplicationCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  UploadPartCommand,
  GetBucketReplicationCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  type ReplicationRule,
} from "@aws-sdk/client-s3";
import { CreateJobCommand, DescribeJobCommand, S3ControlClient } from "@aws-sdk/client-s3-control";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientsFor, testEndpoint, type EmulatorClients } from "../testing/emulator";

type RuleCase = {
  id: string;
  priority: number;
  prefix: string;
  tags?: Record<string, string>;
  status?: string;
  storageClass?: string;
  sseKms?: boolean;
  ownerOverride?: boolean;
  destination?: string;
};
type Case = {
  name: string;
  rules: RuleCase[];
  drop?: { trust?: boolean; role?: string[]; bucketPolicy?: string[] | "all"; vaultKey?: string[] };
  denyReplicate?: boolean;
  put: {
    key: string;
    tags?: Record<string, string>;
    metadata?: Record<string, string>;
    sseKms?: boolean;
    retention?: { mode: "GOVERNANCE" | "COMPLIANCE"; days: number };
    legalHold?: boolean;
    sourceLocked?: boolean;
  };
  expect: {
    status: string | null;
    code?: string;
    reason?: string;
    replica?: {
      lock?: "vault-default" | "source";
      legalHold?: string;
      tags?: Record<string, string>;
      metadata?: Record<string, string>;
      storageClass?: string;
      kms?: "vault";
    };
  };
};
const { cases } = JSON.parse(readFileSync("tests/replication-cases/live.json", "utf8")) as { cases: Case[] };

const SRC = "111111111111";
const DST = "222222222222";
const REGION = "eu-west-1";
let src: EmulatorClients;
let dst: EmulatorClients;
beforeAll(async () => {
  [src, dst] = await Promise.all([clientsFor(SRC), clientsFor(DST)]);
});
afterAll(() => {
  src?.destroy();
  dst?.destroy();
});

const tagging = (t?: Record<string, string>) =>
  t
    ? Object.entries(t)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join("&")
    : undefined;
const without = (actions: string[], drop: string[] = []) => actions.filter((a) => !drop.includes(a));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitIdle() {
  await fetch(`${testEndpoint()}/lockbridge-sandbox/idle`);
}

let n = 0;
async function build(c: Case) {
  const tag = `${process.pid}-${++n}`;
  const source = `rc-src-${tag}`;
  const vault = `rc-dst-${tag}`;
  const roleName = `rc-role-${tag}`;
  const roleArn = `arn:aws:iam::${SRC}:role/service-role/${roleName}`;
  const loc = { CreateBucketConfiguration: { LocationConstraint: REGION } } as const;
  await src.s3.send(
    new CreateBucketCommand({ Bucket: source, ...loc, ...(c.put.sourceLocked ? { ObjectLockEnabledForBucket: true } : {}) }),
  );
  await src.s3.send(new PutBucketVersioningCommand({ Bucket: source, VersioningConfiguration: { Status: "Enabled" } }));
  await dst.s3.send(new CreateBucketCommand({ Bucket: vault, ...loc, ObjectLockEnabledForBucket: true }));
  await dst.s3.send(new PutBucketVersioningCommand({ Bucket: vault, VersioningConfiguration: { Status: "Enabled" } }));
  await dst.s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: vault,
      ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 1 } } },
    }),
  );

  const trust = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: c.drop?.trust ? "ec2.amazonaws.com" : "s3.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  };
  await src.iam.send(
    new CreateRoleCommand({ RoleName: roleName, Path: "/service-role/", AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
  const rootKey = (account: string) => ({
    Sid: "Root",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: "kms:*",
    Resource: "*",
  });
  const sourceKey = (
    await src.kms.send(new CreateKeyCommand({ Policy: JSON.stringify({ Version: "2012-10-17", Statement: [rootKey(SRC)] }) }))
  ).KeyMetadata!.Arn!;
  const vaultKeyActions = without(["kms:Encrypt", "kms:GenerateDataKey"], c.drop?.vaultKey);
  const vaultKeyPolicy = {
    Version: "2012-10-17",
    Statement: [
      rootKey(DST),
      ...(vaultKeyActions.length
        ? [{ Sid: "Replication", Effect: "Allow", Principal: { AWS: roleArn }, Action: vaultKeyActions, Resource: "*" }]
        : []),
    ],
  };
  const vaultKey = (await dst.kms.send(new CreateKeyCommand({ Policy: JSON.stringify(vaultKeyPolicy) }))).KeyMetadata!.Arn!;

  const roleActions = (xs: string[]) => without(xs, c.drop?.role);
  const statements = [
    { Effect: "Allow", Action: roleActions(["s3:GetReplicationConfiguration", "s3:ListBucket"]), Resource: `arn:aws:s3:::${source}` },
    {
      Effect: "Allow",
      Action: roleActions([
        "s3:GetObjectVersionForReplication",
        "s3:GetObjectVersionAcl",
        "s3:GetObjectVersionTagging",
        "s3:GetObjectRetention",
        "s3:GetObjectLegalHold",
      ]),
      Resource: `arn:aws:s3:::${source}/*`,
    },
    {
      Effect: "Allow",
      Action: roleActions(["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"]),
      Resource: `arn:aws:s3:::${vault}/*`,
    },
    { Effect: "Allow", Action: roleActions(["kms:Decrypt"]), Resource: sourceKey },
    { Effect: "Allow", Action: roleActions(["kms:Encrypt", "kms:GenerateDataKey"]), Resource: vaultKey },
  ].filter((s) => s.Action.length > 0);
  await src.iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: "replication",
      PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    }),
  );

  if (c.drop?.bucketPolicy !== "all") {
    const actions = without(
      ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"],
      c.drop?.bucketPolicy,
    );
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "LetRoleReplicate", Effect: "Allow", Principal: { AWS: roleArn }, Action: actions, Resource: `arn:aws:s3:::${vault}/*` },
        ...(c.denyReplicate
          ? [{ Sid: "NobodyReplicates", Effect: "Deny", Principal: "*", Action: "s3:ReplicateObject", Resource: `arn:aws:s3:::${vault}/*` }]
          : []),
      ],
    };
    await dst.s3.send(new PutBucketPolicyCommand({ Bucket: vault, Policy: JSON.stringify(policy) }));
  }
  const Rules: ReplicationRule[] = c.rules.map((r) => ({
    ID: r.id,
    Priority: r.priority,
    Status: (r.status ?? "Enabled") as "Enabled" | "Disabled",
    Filter: r.tags
      ? { And: { Prefix: r.prefix, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) } }
      : { Prefix: r.prefix },
    DeleteMarkerReplication: { Status: "Disabled" },
    ...(r.sseKms ? { SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: "Enabled" } } } : {}),
    Destination: {
      Bucket: `arn:aws:s3:::${r.destination ?? vault}`,
      Account: DST,
      ...(r.storageClass ? { StorageClass: r.storageClass as "STANDARD_IA" } : {}),
      ...(r.ownerOverride ? { AccessControlTranslation: { Owner: "Destination" } } : {}),
      ...(r.sseKms ? { EncryptionConfiguration: { ReplicaKmsKeyID: vaultKey } } : {}),
    },
  }));
  await src.s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: { Role: roleArn, Rules } }));
  return { source, vault, sourceKey, vaultKey };
}

describe("sandbox replication engine: live replication (tests/replication-cases/live.json)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { source, vault, sourceKey, vaultKey } = await build(c);
    const p = c.put;
    const retainUntil = p.retention ? new Date(Date.now() + p.retention.days * 86_400_000) : undefined;
    const put = await src.s3.send(
      new PutObjectCommand({
        Bucket: source,
        Key: p.key,
        Body: `content of ${p.key}`,
        ContentType: "text/plain",
        ...(p.tags ? { Tagging: tagging(p.tags) } : {}),
        ...(p.metadata ? { Metadata: p.metadata } : {}),
        ...(p.sseKms ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: sourceKey } : {}),
        ...(p.retention ? { ObjectLockMode: p.retention.mode, ObjectLockRetainUntilDate: retainUntil } : {}),
        ...(p.legalHold ? { ObjectLockLegalHoldStatus: "ON" } : {}),
      }),
    );
    const head = () => src.s3.send(new HeadObjectCommand({ Bucket: source, Key: p.key, VersionId: put.VersionId }));
    // S3 sets PENDING with the write, before the PUT returns.
    const first = (await head()).ReplicationStatus ?? null;
    expect(first).toBe(c.expect.status === null ? null : "PENDING");
    await sleep(50);
    await waitIdle();
    expect((await head()).ReplicationStatus ?? null).toBe(c.expect.status);

    const events = (await (
      await fetch(`${testEndpoint()}/lockbridge-sandbox/replication-events?bucket=${source}&key=${encodeURIComponent(p.key)}`)
    ).json()) as { events: { code: string; reason: string }[] };
    if (c.expect.status === "FAILED") {
      expect(events.events[0]).toMatchObject({ code: c.expect.code });
      if (c.expect.reason) expect(events.events[0]?.reason).toContain(c.expect.reason);
      await expect(dst.s3.send(new HeadObjectCommand({ Bucket: vault, Key: p.key }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
    } else {
      expect(events.events).toEqual([]);
    }
    if (c.expect.status === null) {
      await expect(dst.s3.send(new HeadObjectCommand({ Bucket: vault, Key: p.key }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
    }
    const want = c.expect.replica;
    if (c.expect.status === "COMPLETED") {
      const r = await dst.s3.send(new GetObjectCommand({ Bucket: vault, Key: p.key, VersionId: put.VersionId }));
      expect(await r.Body?.transformToString()).toBe(`content of ${p.key}`);
      expect(r.ReplicationStatus).toBe("REPLICA");
      expect(r.VersionId).toBe(put.VersionId);
      expect(r.ContentType).toBe("text/plain");
      if (want?.metadata) expect(r.Metadata).toMatchObject(want.metadata);
      if (want?.tags) {
        const t = (await dst.s3.send(new GetObjectTaggingCommand({ Bucket: vault, Key: p.key, VersionId: put.VersionId }))).TagSet ?? [];
        expect(Object.fromEntries(t.map((x) => [x.Key, x.Value]))).toEqual(want.tags);
      }
      if (want?.storageClass) expect(r.StorageClass).toBe(want.storageClass);
      if (want?.kms === "vault") expect({ sse: r.ServerSideEncryption, key: r.SSEKMSKeyId }).toEqual({ sse: "aws:kms", key: vaultKey });
      if (want?.lock === "vault-default") {
        expect(r.ObjectLockMode).toBe("GOVERNANCE");
        const until = r.ObjectLockRetainUntilDate!.getTime();
        expect(Math.abs(until - (Date.now() + 86_400_000))).toBeLessThan(60_000);
      }
      if (want?.lock === "source") {
        expect(r.ObjectLockMode).toBe(p.retention?.mode);
        expect(Math.abs(r.ObjectLockRetainUntilDate!.getTime() - retainUntil!.getTime())).toBeLessThan(1_000);
      }
      if (want?.legalHold) expect(r.ObjectLockLegalHoldStatus).toBe(want.legalHold);
    }
  });
});

describe("delete markers and version deletes", () => {
  it.each([
    ["DeleteMarkerReplication Enabled: the marker is replicated, the replica version stays", "Enabled", true],
    ["DeleteMarkerReplication Disabled: the vault keeps showing the object", "Disabled", false],
  ] as const)("%s", async (_name, status, replicated) => {
    const c: Case = {
      name: "dm",
      rules: [{ id: "r", priority: 1, prefix: "" }],
      put: { key: "gone.txt" },
      expect: { status: "COMPLETED" },
    };
    const { source, vault } = await build(c);
    const cfg = { Role: "", Rules: [] as ReplicationRule[] };
    const live = (await src.s3.send(new GetBucketReplicationCommand({ Bucket: source }))).ReplicationConfiguration!;
    cfg.Role = live.Role!;
    cfg.Rules = live.Rules!.map((r) => ({ ...r, DeleteMarkerReplication: { Status: status } }));
    await src.s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: cfg }));
    const put = await src.s3.send(new PutObjectCommand({ Bucket: source, Key: "gone.txt", Body: "x" }));
    const other = await src.s3.send(new PutObjectCommand({ Bucket: source, Key: "version.txt", Body: "y" }));
    const batch = await src.s3.send(new PutObjectCommand({ Bucket: source, Key: "batch.txt", Body: "z" }));
    await waitIdle();
    await src.s3.send(new DeleteObjectCommand({ Bucket: source, Key: "gone.txt" }));
    // DeleteObjects (what `aws s3 rm --recursive` sends) makes delete markers the same way.
    await src.s3.send(new DeleteObjectsCommand({ Bucket: source, Delete: { Objects: [{ Key: "batch.txt" }] } }));
    // Deleting a specific version is never replicated.
    await src.s3.send(new DeleteObjectCommand({ Bucket: source, Key: "version.txt", VersionId: other.VersionId }));
    await sleep(50);
    await waitIdle();
    const versions = await dst.s3.send(new ListObjectVersionsCommand({ Bucket: vault }));
    expect((versions.DeleteMarkers ?? []).map((m) => m.Key).sort()).toEqual(replicated ? ["batch.txt", "gone.txt"] : []);
    expect((versions.Versions ?? []).map((v) => [v.Key, v.VersionId]).sort()).toEqual([
      ["batch.txt", batch.VersionId],
      ["gone.txt", put.VersionId],
      ["version.txt", other.VersionId],
    ]);
  });
});

describe("every way of writing a version replicates", () => {
  it("CopyObject and CompleteMultipartUpload: PENDING at once, then a REPLICA with the same version ID", async () => {
    const c: Case = {
      name: "writes",
      rules: [{ id: "r", priority: 1, prefix: "" }],
      put: { key: "seed.txt" },
      expect: { status: "COMPLETED" },
    };
    const { source, vault } = await build(c);
    await src.s3.send(new PutObjectCommand({ Bucket: source, Key: "seed.txt", Body: "original" }));
    const copy = await src.s3.send(new CopyObjectCommand({ Bucket: source, Key: "copy.txt", CopySource: `${source}/seed.txt` }));
    const status = async (Key: string, VersionId?: string) =>
      (await src.s3.send(new HeadObjectCommand({ Bucket: source, Key, VersionId }))).ReplicationStatus;
    expect(await status("copy.txt", copy.VersionId)).toBe("PENDING");
    const { UploadId } = await src.s3.send(new CreateMultipartUploadCommand({ Bucket: source, Key: "big.bin" }));
    const part = await src.s3.send(
      new UploadPartCommand({ Bucket: source, Key: "big.bin", UploadId, PartNumber: 1, Body: "x".repeat(1024) }),
    );
    const done = await src.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: source,
        Key: "big.bin",
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(await status("big.bin", done.VersionId)).toBe("PENDING");
    await waitIdle();
    for (const [Key, VersionId] of [
      ["copy.txt", copy.VersionId],
      ["big.bin", done.VersionId],
    ] as const) {
      expect(await status(Key, VersionId)).toBe("COMPLETED");
      const r = await dst.s3.send(new HeadObjectCommand({ Bucket: vault, Key, VersionId }));
      expect(r.ReplicationStatus).toBe("REPLICA");
    }
  });
});

describe("S3 Batch Replication with a CSV manifest", () => {
  it("replicates the listed versions that existed before the rule, and a second run finds them replicated", async () => {
    const c: Case = { name: "csv", rules: [{ id: "r", priority: 1, prefix: "" }], put: { key: "a.txt" }, expect: { status: "COMPLETED" } };
    const { source, vault } = await build(c);
    // Objects written before the rule existed have no replication status.
    const live = (await src.s3.send(new GetBucketReplicationCommand({ Bucket: source }))).ReplicationConfiguration!;
    await src.s3.send(new DeleteBucketReplicationCommand({ Bucket: source }));
    const a = await src.s3.send(new PutObjectCommand({ Bucket: source, Key: "old/a b.txt", Body: "a" }));
    const b = await src.s3.send(new PutObjectCommand({ Bucket: source, Key: "old/b.txt", Body: "b" }));
    expect((await src.s3.send(new HeadObjectCommand({ Bucket: source, Key: "old/b.txt" }))).ReplicationStatus).toBeUndefined();
    await src.s3.send(new PutBucketReplicationCommand({ Bucket: source, ReplicationConfiguration: live }));

    const csv = `${source},old/a%20b.txt,${a.VersionId}\n${source},old/b.txt,${b.VersionId}\n`;
    const put = await src.s3.send(new PutObjectCommand({ Bucket: source, Key: "manifests/m.csv", Body: csv }));
    // The batch role: trusted by S3 Batch Operations, allowed to initiate replication and write the report.
    const roleName = `rc-batch-${process.pid}-${n}`;
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "batchoperations.s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
    const { Role } = await src.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: [
            "s3:InitiateReplication",
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:PutObject",
            "s3:GetReplicationConfiguration",
            "s3:PutInventoryConfiguration",
          ],
          Resource: "*",
        },
      ],
    };
    await src.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: "batch", PolicyDocument: JSON.stringify(policy) }));
    const control = new S3ControlClient({
      region: REGION,
      credentials: await src.s3.config.credentials(),
      endpointProvider: () => ({ url: new URL(testEndpoint()) }),
    });
    const job = (token: string) =>
      control.send(
        new CreateJobCommand({
          AccountId: SRC,
          ConfirmationRequired: false,
          Operation: { S3ReplicateObject: {} },
          Priority: 1,
          RoleArn: Role!.Arn!,
          ClientRequestToken: token,
          Manifest: {
            Spec: { Format: "S3BatchOperations_CSV_20180820", Fields: ["Bucket", "Key", "VersionId"] },
            Location: { ObjectArn: `arn:aws:s3:::${source}/manifests/m.csv`, ETag: put.ETag! },
          },
          Report: {
            Bucket: `arn:aws:s3:::${source}`,
            Prefix: "reports",
            Format: "Report_CSV_20180820",
            Enabled: true,
            ReportScope: "AllTasks",
          },
        }),
      );
    const done = async (JobId: string) => {
      for (let i = 0; i < 100; i++) {
        const j = (await control.send(new DescribeJobCommand({ AccountId: SRC, JobId }))).Job!;
        if (j.Status === "Complete" || j.Status === "Failed") return j;
        await sleep(100);
      }
      throw new Error("job did not finish");
    };
    try {
      const first = await done((await job("csv-1")).JobId!);
      expect(first.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 2, NumberOfTasksSucceeded: 2, NumberOfTasksFailed: 0 });
      for (const [Key, VersionId] of [
        ["old/a b.txt", a.VersionId],
        ["old/b.txt", b.VersionId],
      ] as const) {
        expect((await src.s3.send(new HeadObjectCommand({ Bucket: source, Key, VersionId }))).ReplicationStatus).toBe("COMPLETED");
        expect((await dst.s3.send(new HeadObjectCommand({ Bucket: vault, Key, VersionId }))).ReplicationStatus).toBe("REPLICA");
      }
      // Running it again replicates nothing twice: each version keeps exactly one replica.
      const second = await done((await job("csv-2")).JobId!);
      expect(second.ProgressSummary?.NumberOfTasksSucceeded).toBe(2);
      const versions = (await dst.s3.send(new ListObjectVersionsCommand({ Bucket: vault, Prefix: "old/" }))).Versions ?? [];
      expect(versions.map((v) => v.VersionId).sort()).toEqual([a.VersionId, b.VersionId].sort());
    } finally {
      control.destroy();
    }
  });
});
