// Canary verification (lib/aws/canary.ts). Upload, retention read, HeadObject, the "no status" explanation
// and a real FAILED (with the sandbox engine's failure event) run against the sandbox: moto behind the
// replication engine. The remaining outcomes' exact wording (COMPLETED with a replica that does not match,
// a PENDING timeout) is pinned with aws-sdk-client-mock at the SDK boundary; the full success path runs in
// the browser test e2e/replication.spec.ts.
import { HeadObjectCommand, PutBucketReplicationCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { type CanaryTarget, checkCanary, FAILED_CAUSES, retentionNotice, uploadCanary } from "@/lib/aws/canary";
import type { WriteEvent } from "@/lib/aws/execute";
import { sandboxFailureEvent } from "@/app/wizard/verify/server";
import { defaultWizardInput, type WizardDefaultsPartial, wizardInput } from "@/lib/schema/wizard";
import { useEmulator } from "./apply-support";

const SRC = "111111111111";
const DST = "222222222222";
const RULE_ID = "lockbridge-to-222222222222-lockbridge-demo-vault";
const box = useEmulator("testing/seeds/verify.json");

const inputFor = (p: WizardDefaultsPartial = {}) =>
  wizardInput.parse(
    defaultWizardInput({
      accounts: {
        source: {
          accountId: SRC,
          region: "eu-west-1",
          bucket: "lockbridge-demo-source",
          access: "role",
          roleArn: `arn:aws:iam::${SRC}:role/LockbridgeAdmin`,
        },
        destination: {
          accountId: DST,
          region: "eu-west-1",
          bucket: "lockbridge-demo-vault",
          access: "role",
          roleArn: `arn:aws:iam::${DST}:role/LockbridgeAdmin`,
        },
      },
      ...p,
    }),
  );

const mocks: { restore(): void }[] = [];
afterEach(() => mocks.splice(0).forEach((m) => m.restore()));
function mockedS3() {
  const client = new S3Client({ region: "eu-west-1" });
  const m = mockClient(client);
  mocks.push(m);
  return { client, m };
}
const later = (t: CanaryTarget, ms: number) => new Date(Date.parse(t.uploadedAt) + ms);

describe("canary against the emulator", () => {
  it("reads the vault's COMPLIANCE default retention and gives the exact retain-until", async () => {
    const { s3 } = await box.admin(DST);
    const now = new Date("2026-05-01T10:00:00.000Z");
    expect(await retentionNotice(inputFor(), s3, now)).toEqual({
      retention: { mode: "COMPLIANCE", days: 1 },
      source: "live",
      retainUntilIfNow: "2026-05-02T10:00:00.000Z",
    });
    // Without destination access, the planned retention is shown and labelled as such.
    const planned = inputFor({ objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Years", value: 2 } } });
    expect(await retentionNotice(planned, undefined, now)).toMatchObject({
      source: "planned",
      retainUntilIfNow: "2028-05-01T10:00:00.000Z",
    });
  });

  it("uploads under the rule's prefix with its tags and the source key, audited; HeadObject shows no status until the timeout", async () => {
    const { s3 } = await box.admin(SRC);
    const sourceKey = box.seeded.keys["alias/lockbridge-source"]!;
    const input = inputFor({
      rule: { scope: "prefix-tags", prefix: "reports/", tags: [{ key: "class", value: "fin ance=7y" }] },
      encryption: {
        mode: "sse-kms",
        sourceKeyArn: sourceKey,
        destinationKeyArn: box.seeded.keys["alias/lockbridge-vault"]!,
        bucketKeys: true,
      },
    });
    const events: WriteEvent[] = [];
    const t = await uploadCanary(input, s3, { onWrite: (e) => events.push(e), nonce: "n1", retention: { mode: "COMPLIANCE", days: 1 } });
    expect(t.key).toMatch(/^reports\/lockbridge-canary\/\d{4}-\d\d-\d\dT[\d-]+Z-n1\.txt$/);
    expect(t.versionId).toBeTruthy();
    expect(Date.parse(t.retainUntilAtLeast!) - Date.parse(t.uploadedAt)).toBe(86_400_000);
    expect(events).toEqual([
      expect.objectContaining({
        api: "PutObject",
        account: "source",
        accountId: SRC,
        result: "ok",
        target: `lockbridge-demo-source/${t.key}`,
        after: {
          Bucket: "lockbridge-demo-source",
          Key: t.key,
          Tagging: "class=fin%20ance%3D7y",
          ServerSideEncryption: "aws:kms",
          SSEKMSKeyId: sourceKey,
        },
      }),
    ]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: "lockbridge-demo-source", Key: t.key, VersionId: t.versionId }));
    expect(head.SSEKMSKeyId).toBe(sourceKey);

    const first = await checkCanary(input, { source: s3 }, t, { timeoutMs: 60_000, now: later(t, 1_000), sandbox: true });
    expect(first).toMatchObject({ state: "waiting", done: false, status: null });
  });

  it("explains a missing status at the timeout: prefix mismatch, disabled rule, rule missing", async () => {
    const { s3 } = await box.admin(SRC);
    const input = inputFor();
    await s3.send(
      new PutBucketReplicationCommand({
        Bucket: "lockbridge-demo-source",
        ReplicationConfiguration: {
          Role: "arn:aws:iam::111111111111:role/service-role/r",
          Rules: [
            {
              ID: RULE_ID,
              Priority: 0,
              Status: "Disabled",
              Filter: { Prefix: "invoices/" },
              DeleteMarkerReplication: { Status: "Disabled" },
              Destination: { Bucket: "arn:aws:s3:::lockbridge-demo-vault" },
            },
          ],
        },
      }),
    );
    const t = await uploadCanary(input, s3, { nonce: "n2" });
    const done = await checkCanary(input, { source: s3 }, t, { timeoutMs: 5_000, now: later(t, 5_000), sandbox: true });
    expect(done.state).toBe("no-status");
    expect(done.message).toBe(
      "No replication status was observed within 5 seconds. S3 sets one at upload when an enabled rule matches the object. What Lockbridge checked:",
    );
    expect(done.reasons).toEqual([
      `Rule ${RULE_ID} is disabled: enable it in the Replication rule step and apply.`,
      `Rule ${RULE_ID} only covers keys starting with "invoices/"; the canary key is "${t.key}".`,
    ]);
    const other = inputFor({ rule: { ruleId: "someone-else" } });
    expect((await checkCanary(other, { source: s3 }, t, { timeoutMs: 0 })).reasons).toEqual([
      "Rule someone-else is not in the replication configuration of lockbridge-demo-source: apply the plan first.",
    ]);
  });

  it("the sandbox replicates: a covered canary is PENDING at once, then FAILED with S3's reason in a failure event", async () => {
    await box.reseed("testing/seeds/verify.json");
    const { s3 } = await box.admin(SRC);
    const input = inputFor();
    const t = await uploadCanary(input, s3, { nonce: "n3" });
    // The seed's rule (whole bucket) names a replication role that was never created.
    const first = await checkCanary(input, { source: s3 }, t, { timeoutMs: 60_000, now: later(t, 0), sandbox: true });
    expect(first).toMatchObject({ state: "waiting", status: "PENDING" });
    await fetch(`${box.endpoint}/lockbridge-sandbox/idle`);
    const failed = await checkCanary(input, { source: s3 }, t, { timeoutMs: 60_000, now: later(t, 2_000), sandbox: true });
    expect(failed).toMatchObject({ state: "failed", done: true, status: "FAILED", reasons: FAILED_CAUSES });
    expect(await sandboxFailureEvent(box.endpoint, t)).toMatchObject({
      code: "AssumeRoleNotPermitted",
      reason:
        "The replication role arn:aws:iam::111111111111:role/service-role/lockbridge-demo-source-to-lockbridge-demo-vault does not exist, so S3 cannot assume it.",
      ruleId: RULE_ID,
    });
    // Another key has no event: the lookup is exact, and an endpoint without the engine gives none.
    expect(await sandboxFailureEvent(box.endpoint, { ...t, key: `${t.key}.other` })).toBeNull();
    expect(await sandboxFailureEvent("http://127.0.0.1:9", t)).toBeNull();
  });
});

describe("canary outcome wording (mocked at the SDK boundary)", () => {
  const t: CanaryTarget = {
    bucket: "lockbridge-demo-source",
    key: "lockbridge-canary/x.txt",
    versionId: "v1",
    uploadedAt: "2026-05-01T10:00:00.000Z",
    retainUntilAtLeast: null,
  };

  it("PENDING before the timeout keeps polling; PENDING past it is reported as not proven", async () => {
    const { client, m } = mockedS3();
    m.on(HeadObjectCommand).resolves({ ReplicationStatus: "PENDING" });
    expect(await checkCanary(inputFor(), { source: client }, t, { timeoutMs: 300_000, now: later(t, 10_000) })).toMatchObject({
      state: "waiting",
      done: false,
      status: "PENDING",
    });
    const late = await checkCanary(inputFor(), { source: client }, t, { timeoutMs: 300_000, now: later(t, 300_000) });
    expect(late).toMatchObject({
      state: "pending",
      done: true,
      status: "PENDING",
      message: "Still PENDING after 300 seconds: not proven yet. Check again later.",
    });
    expect(m.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: "lockbridge-demo-source",
      Key: t.key,
      VersionId: "v1",
      ExpectedBucketOwner: SRC,
    });
  });

  it("FAILED lists the likely causes (permissions, KMS, Object Lock, ownership)", async () => {
    const { client, m } = mockedS3();
    m.on(HeadObjectCommand).resolves({ ReplicationStatus: "FAILED" });
    const r = await checkCanary(inputFor(), { source: client }, t, { timeoutMs: 300_000, now: later(t, 1_000) });
    expect(r).toMatchObject({ state: "failed", done: true, reasons: FAILED_CAUSES });
    expect(r.reasons.join(" ")).toMatch(/Permissions.*KMS.*Object Lock.*Ownership/);
  });

  it("COMPLETED reads the replica with the destination client: REPLICA, lock mode, retain-until, KMS key", async () => {
    const source = mockedS3();
    const destination = mockedS3();
    const vaultKey = `arn:aws:kms:eu-west-1:${DST}:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`;
    const input = inputFor({
      encryption: {
        mode: "sse-kms",
        sourceKeyArn: `arn:aws:kms:eu-west-1:${SRC}:key/11111111-2222-3333-4444-555555555555`,
        destinationKeyArn: vaultKey,
        bucketKeys: true,
      },
    });
    source.m.on(HeadObjectCommand).resolves({ ReplicationStatus: "COMPLETED" });
    destination.m.on(HeadObjectCommand).resolves({
      ReplicationStatus: "REPLICA",
      VersionId: "v1",
      ObjectLockMode: "COMPLIANCE",
      ObjectLockRetainUntilDate: new Date("2026-05-02T10:00:03.000Z"),
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: vaultKey,
    });
    const r = await checkCanary(input, { source: source.client, destination: destination.client }, t, {
      timeoutMs: 300_000,
      now: later(t, 20_000),
    });
    expect(r).toMatchObject({
      state: "completed",
      done: true,
      replica: { status: "REPLICA", lockMode: "COMPLIANCE", retainUntil: "2026-05-02T10:00:03.000Z", kmsKeyId: vaultKey, versionId: "v1" },
    });
    expect(r.checks!.every((c) => c.ok)).toBe(true);
    expect(destination.m.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: "lockbridge-demo-vault",
      Key: t.key,
      VersionId: "v1",
      ExpectedBucketOwner: DST,
    });

    destination.m
      .on(HeadObjectCommand)
      .resolves({ ReplicationStatus: "REPLICA", SSEKMSKeyId: "arn:aws:kms:eu-west-1:222222222222:key/other" });
    const wrong = await checkCanary(input, { source: source.client, destination: destination.client }, t, { timeoutMs: 300_000 });
    expect(wrong.checks!.filter((c) => !c.ok).map((c) => c.text)).toEqual([
      "No Object Lock retention on the replica (no default retention in the vault)",
      `Encrypted with arn:aws:kms:eu-west-1:222222222222:key/other (expected ${vaultKey})`,
    ]);
  });
});
