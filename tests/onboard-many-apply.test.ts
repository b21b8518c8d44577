// One plan for three source buckets in two accounts into one SSE-KMS vault, applied against a private
// emulator (testing/seeds/onboard.json): the vault's bucket policy and key policy are written once with all
// three roles, each bucket gets its rule, a second plan is all no-ops, and a stale plan is refused.
import { GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import { GetBucketPolicyCommand, GetBucketReplicationCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import type { WriteEvent } from "@/lib/aws/execute";
import { applyManySources, planManySources } from "@/lib/aws/many-sources";
import { instantBackoff } from "@/lib/aws/retry";
import { keyPolicyPrincipals, bucketPolicyPrincipals } from "@/lib/plan/vault";
import { defaultWizardInput, wizardInput } from "@/lib/schema/wizard";
import { DST, SOURCE_BUCKET, SRC, VAULT, useEmulator } from "./apply-support";

const box = useEmulator("testing/seeds/onboard.json");
const NEW = "333333333333";

const inputs = () => {
  const keys = box.seeded.keys;
  return [
    [SRC, SOURCE_BUCKET, keys["alias/lockbridge-source"]!],
    [NEW, "lockbridge-demo-payroll", keys["alias/lockbridge-payroll"]!],
    [NEW, "lockbridge-demo-ledger", keys["alias/lockbridge-payroll"]!],
  ].map(([account, bucket, sourceKey]) =>
    wizardInput.parse(
      defaultWizardInput({
        accounts: {
          source: {
            accountId: account!,
            region: "eu-west-1",
            bucket: bucket!,
            access: "role",
            roleArn: `arn:aws:iam::${account}:role/LockbridgeAdmin`,
          },
          destination: {
            accountId: DST,
            region: "eu-west-1",
            bucket: VAULT,
            access: "role",
            roleArn: `arn:aws:iam::${DST}:role/LockbridgeAdmin`,
          },
        },
        encryption: { mode: "sse-kms", sourceKeyArn: sourceKey!, destinationKeyArn: keys["alias/lockbridge-vault"]!, bucketKeys: true },
        objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 1 } },
      }),
    ),
  );
};

describe("several sources, one plan, applied", () => {
  it("writes the vault's policies once with every role, then converges; a stale plan writes nothing", async () => {
    const plan = await planManySources(inputs());
    expect(plan.errors).toEqual([]);
    const stale = await applyManySources(inputs(), "0".repeat(64), { backoff: instantBackoff });
    expect(stale).toMatchObject({ status: "refused", writes: 0 });

    const events: WriteEvent[] = [];
    const run = await applyManySources(inputs(), plan.fingerprint, { backoff: instantBackoff, onWrite: (e) => events.push(e) });
    expect(run).toMatchObject({ status: "succeeded" });
    const count = (api: string) => events.filter((e) => e.api === api && e.result === "ok").length;
    expect(count("PutBucketPolicy")).toBe(1);
    expect(count("PutKeyPolicy")).toBe(1);
    expect(count("PutObjectLockConfiguration")).toBe(1);
    expect(count("PutBucketReplication")).toBe(3);
    expect(events.findIndex((e) => e.api === "PutBucketPolicy")).toBeGreaterThan(events.map((e) => e.api).lastIndexOf("CreateRole"));

    const roles = plan.sources.map((s) => s.names.roleArn);
    const vault = await box.admin(DST);
    const policy = JSON.parse((await vault.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!);
    expect(bucketPolicyPrincipals(policy)).toEqual(roles);
    const keyPolicy = JSON.parse(
      (await vault.kms.send(new GetKeyPolicyCommand({ KeyId: box.seeded.keys["alias/lockbridge-vault"]!, PolicyName: "default" }))).Policy!,
    );
    expect(keyPolicyPrincipals(keyPolicy)).toEqual(roles);
    const other = await box.admin(NEW);
    for (const bucket of ["lockbridge-demo-payroll", "lockbridge-demo-ledger"]) {
      const rules = (await other.s3.send(new GetBucketReplicationCommand({ Bucket: bucket }))).ReplicationConfiguration!.Rules!;
      expect(rules.map((r) => r.Destination?.Bucket)).toEqual([`arn:aws:s3:::${VAULT}`]);
    }

    const again = await planManySources(inputs());
    expect([...again.vault, ...again.sources.flatMap((s) => s.changes)].filter((c) => c.kind !== "no-op")).toEqual([]);
    expect(await applyManySources(inputs(), again.fingerprint, { backoff: instantBackoff })).toEqual({ status: "succeeded", writes: 0 });
  });
});
