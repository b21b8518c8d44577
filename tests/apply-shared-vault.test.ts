// Two sources replicating into one vault share its bucket policy and key policy (one consolidated
// statement lists every source role). Two applies into the same vault at the same time must not lose
// either principal: they are serialized (the later one re-reads after the earlier one's writes and is
// refused as drifted, writing nothing), and the guard right before every write refuses to remove a
// principal that is live in our statement.
import { GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import { CreateBucketCommand, GetBucketPolicyCommand, PutBucketVersioningCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";
import { applyPlan } from "../lib/apply/apply";
import { reviewPlan } from "../lib/apply/review";
import { ChangeError, executeChange } from "../lib/aws/execute";
import { instantBackoff } from "../lib/aws/retry";
import { DST, SRC, VAULT, callRecorder, sandboxInput, useEmulator } from "./apply-support";

const box = useEmulator();
const SECOND_SOURCE = "lockbridge-demo-source-2";

async function withSecondSource() {
  await box.reseed();
  const src = await box.admin(SRC);
  await src.s3.send(new CreateBucketCommand({ Bucket: SECOND_SOURCE, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
  await src.s3.send(new PutBucketVersioningCommand({ Bucket: SECOND_SOURCE, VersioningConfiguration: { Status: "Enabled" } }));
  const first = sandboxInput(box.seeded);
  const second = sandboxInput(box.seeded, {}, { ...SANDBOX_ACCOUNTS, source: { ...SANDBOX_ACCOUNTS.source, bucket: SECOND_SOURCE } });
  return { first, second };
}

type Statement = { Sid?: string; Effect: string; Principal?: { AWS?: string | string[] } };
const principalsOf = (policy: string | undefined) =>
  (JSON.parse(policy ?? "{}").Statement as Statement[])
    .filter((s) => s.Sid?.startsWith("Lockbridge") && s.Effect === "Allow")
    .flatMap((s) => [s.Principal?.AWS ?? []].flat());

describe("two sources into one vault", () => {
  it("applied at the same time: serialized, nothing lost, and after re-planning the second both principals are present", async () => {
    const { first, second } = await withSecondSource();
    const [planA, planB] = await Promise.all([reviewPlan(first), reviewPlan(second)]);
    expect(planA.names.roleArn).not.toBe(planB.names.roleArn);
    const recA = callRecorder();
    const recB = callRecorder();
    const [runA, runB] = await Promise.all([
      applyPlan({ input: first, fingerprint: planA.fingerprint, confirm: VAULT, hooks: recA, backoff: instantBackoff }),
      applyPlan({ input: second, fingerprint: planB.fingerprint, confirm: VAULT, hooks: recB, backoff: instantBackoff }),
    ]);
    expect(runA.status).toBe("succeeded");
    // The second waited for the first, re-read the vault, and refused before writing anything.
    expect(runB.status).toBe("refused");
    expect(recB.writes()).toEqual([]);
    expect(runB.refusal?.details.join(" ")).toMatch(/policy of bucket lockbridge-demo-vault changed since review/);
    // It did not start reading until the first apply had finished writing.
    const lastWriteOfA = Math.max(...recA.writes().map((c) => c.endedAt));
    const firstCallOfB = Math.min(...recB.calls.map((c) => c.startedAt));
    expect(firstCallOfB).toBeGreaterThanOrEqual(lastWriteOfA);

    const again = await reviewPlan(second);
    const runB2 = await applyPlan({ input: second, fingerprint: again.fingerprint, confirm: VAULT, backoff: instantBackoff });
    expect(runB2.status).toBe("succeeded");

    const dst = await box.admin(DST);
    const bucketPrincipals = principalsOf((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy);
    expect(bucketPrincipals.sort()).toEqual([planA.names.roleArn, planB.names.roleArn].sort());
    const keyPrincipals = principalsOf(
      (await dst.kms.send(new GetKeyPolicyCommand({ KeyId: box.seeded.keys["alias/lockbridge-vault"], PolicyName: "default" }))).Policy,
    );
    expect(keyPrincipals.sort()).toEqual([planA.names.roleArn, planB.names.roleArn].sort());
  });

  it("the guard before the write refuses to remove a principal another apply added after the plan was built", async () => {
    const { first, second } = await withSecondSource();
    const planB = await reviewPlan(second);
    const planA = await reviewPlan(first);
    expect((await applyPlan({ input: first, fingerprint: planA.fingerprint, confirm: VAULT, backoff: instantBackoff })).status).toBe(
      "succeeded",
    );

    // planB's bucket policy was merged before the first source's principal existed: sending it now would drop it.
    const stale = planB.changes.find((c) => c.action === "PutBucketPolicy")!;
    const dst = await box.admin(DST);
    const err = await executeChange(stale, dst, { backoff: instantBackoff }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChangeError);
    expect((err as ChangeError).message).toContain(`Principal(s) ${planA.names.roleArn} in Lockbridge's statement would be removed`);
    expect(principalsOf((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy)).toEqual([planA.names.roleArn]);
  });
});
