// One side only: the reachable account's changes are applied, the plan-only account's half is handed
// over (CLI script + plan JSON), and our changes that need the other half wait until it is applied.
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { GetBucketPolicyCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";
import { applyPlan } from "../lib/apply/apply";
import { reviewPlan } from "../lib/apply/review";
import { instantBackoff } from "../lib/aws/retry";
import { DST, SRC, VAULT, callRecorder, sandboxInput, useEmulator } from "./apply-support";

const box = useEmulator();
const planOnly = (side: "source" | "destination") => ({
  ...SANDBOX_ACCOUNTS,
  [side]: { ...SANDBOX_ACCOUNTS[side], access: "plan-only", roleArn: "" },
});
const opts = { confirm: VAULT, backoff: instantBackoff };
const states = (run: { changes: { id: string; state: string; skipReason?: string }[] }) =>
  Object.fromEntries(run.changes.map((c) => [c.id, c.skipReason ?? c.state]));

describe("one side only", () => {
  it("destination plan-only: the source's role goes now, the rule waits, the destination half is handed over", async () => {
    const input = sandboxInput(box.seeded, {}, planOnly("destination"));
    const plan = await reviewPlan(input);
    const rec = callRecorder();
    const run = await applyPlan({ ...opts, input, fingerprint: plan.fingerprint, hooks: rec });
    expect(run.status).toBe("partial");
    expect(states(run)).toEqual({
      "destination.versioning": "handover",
      "destination.objectLock": "handover",
      "source.role": "done",
      "source.rolePolicy": "done",
      "destination.keyPolicy": "handover",
      "destination.bucketPolicy": "handover",
      "source.versioning": "no-op",
      "source.replication": "blocked",
    });
    expect(rec.writes().map((c) => c.command)).toEqual(["CreateRole", "PutRolePolicy"]);
    expect(run.handover).toMatchObject({ account: "destination", accountId: DST, blocked: ["source.replication"] });
    const [script, json] = run.handover!.files;
    expect(script!.name).toBe(`lockbridge-destination-${DST}.sh`);
    expect(script!.content).toMatch(/aws s3api put-object-lock-configuration/);
    expect(script!.content).toMatch(/aws kms put-key-policy/);
    expect(script!.content).not.toMatch(/aws iam create-role/);
    expect(JSON.parse(json!.content)).toMatchObject({ scope: "destination" });
    // The role really exists now.
    const src = await box.admin(SRC);
    expect((await src.iam.send(new GetRoleCommand({ RoleName: plan.names.roleName }))).Role?.Arn).toBe(plan.names.roleArn);
  });

  it("source plan-only: Object Lock goes now; the policies naming the role wait until the source half is applied", async () => {
    const input = sandboxInput(box.seeded, {}, planOnly("source"));
    const plan = await reviewPlan(input);
    const first = await applyPlan({ ...opts, input, fingerprint: plan.fingerprint });
    expect(states(first)).toMatchObject({
      "destination.objectLock": "done",
      "destination.keyPolicy": "blocked",
      "destination.bucketPolicy": "blocked",
      "source.role": "handover",
    });
    const blockedNote = first.changes.find((c) => c.id === "destination.bucketPolicy")?.note;
    expect(blockedNote).toMatch(/Invalid principal in policy/);
    expect(first.handover?.files[0]?.content).toMatch(/aws iam create-role/);

    // The source admin has applied their half (the role exists, from the test above): tick it and apply again.
    const again = await reviewPlan(input);
    const rec = callRecorder();
    const second = await applyPlan({ ...opts, input, fingerprint: again.fingerprint, otherHalfApplied: true, hooks: rec });
    expect(states(second)).toMatchObject({
      "destination.objectLock": "no-op",
      "destination.keyPolicy": "done",
      "destination.bucketPolicy": "done",
    });
    expect(
      rec
        .writes()
        .map((c) => c.command)
        .sort(),
    ).toEqual(["PutBucketPolicy", "PutKeyPolicy"]);
    const dst = await box.admin(DST);
    expect((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy).toContain(plan.names.roleArn);
  });

  it("with both accounts reachable again, only the waiting replication rule is left", async () => {
    const input = sandboxInput(box.seeded);
    const plan = await reviewPlan(input);
    expect(plan.changes.filter((c) => c.kind !== "no-op").map((c) => c.id)).toEqual(["source.replication"]);
    const rec = callRecorder();
    const run = await applyPlan({ ...opts, input, fingerprint: plan.fingerprint, hooks: rec });
    expect(run.status).toBe("succeeded");
    expect(rec.writes().map((c) => c.command)).toEqual(["PutBucketReplication"]);
  });
});
