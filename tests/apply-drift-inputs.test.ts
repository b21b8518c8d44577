// Gaps found by breaking the code on purpose:
// - a drift in an input only diagnostics use (ownership controls, Requester Pays, the key's state) must
//   make apply refuse: the observed hashes of those items are part of the fingerprint;
// - replication must wait for the bucket policy even when the role policy is a no-op (behaviour, seen in
//   the order of the calls, not only in the expected dependsOn lists).
import { DisableKeyCommand } from "@aws-sdk/client-kms";
import {
  DeleteBucketPolicyCommand,
  DeleteBucketReplicationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketRequestPaymentCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../lib/apply/apply";
import { reviewPlan } from "../lib/apply/review";
import { instantBackoff } from "../lib/aws/retry";
import { DST, SOURCE_BUCKET, SRC, VAULT, callRecorder, sandboxInput, useEmulator } from "./apply-support";

const box = useEmulator();

const drifts = [
  {
    what: "ownership controls of the vault",
    label: /ownership of bucket lockbridge-demo-vault changed/,
    change: async () =>
      (await box.admin(DST)).s3.send(
        new PutBucketOwnershipControlsCommand({ Bucket: VAULT, OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } }),
      ),
  },
  {
    what: "Requester Pays on the vault",
    label: /requestPayment of bucket lockbridge-demo-vault changed/,
    change: async () =>
      (await box.admin(DST)).s3.send(
        new PutBucketRequestPaymentCommand({ Bucket: VAULT, RequestPaymentConfiguration: { Payer: "Requester" } }),
      ),
    // The emulator's reset cannot empty a Requester Pays bucket: turn it off again for the next test.
    undo: async () =>
      (await box.admin(DST)).s3.send(
        new PutBucketRequestPaymentCommand({ Bucket: VAULT, RequestPaymentConfiguration: { Payer: "BucketOwner" } }),
      ),
  },
  {
    what: "the state of the vault key",
    label: /destination KMS key changed/,
    // By key ID: the emulator answers DisableKey by ARN with an HTML error page.
    change: async () =>
      (await box.admin(DST)).kms.send(new DisableKeyCommand({ KeyId: box.seeded.keys["alias/lockbridge-vault"]!.split("/").pop()! })),
  },
];

describe("drift in inputs only diagnostics read", () => {
  it.each(drifts)("a change of $what after review makes apply refuse and write nothing", async ({ label, change, undo }) => {
    await box.reseed();
    const input = sandboxInput(box.seeded);
    const plan = await reviewPlan(input);
    expect(plan.errors).toEqual([]);
    await change();
    const rec = callRecorder();
    const run = await applyPlan({ input, fingerprint: plan.fingerprint, confirm: VAULT, hooks: rec, backoff: instantBackoff });
    expect(run.status).toBe("refused");
    expect(run.refusal?.details.join(" ")).toMatch(label);
    expect(rec.writes()).toEqual([]);
    await undo?.();
  });
});

describe("dependency order as behaviour", () => {
  it("replication waits for the bucket policy even when the role and its policy are no-ops", async () => {
    await box.reseed();
    const input = sandboxInput(box.seeded);
    const first = await reviewPlan(input);
    expect((await applyPlan({ input, fingerprint: first.fingerprint, confirm: VAULT, backoff: instantBackoff })).status).toBe("succeeded");
    // Someone removes the vault's bucket policy and the source's replication: the role stays as it is.
    await (await box.admin(DST)).s3.send(new DeleteBucketPolicyCommand({ Bucket: VAULT }));
    await (await box.admin(SRC)).s3.send(new DeleteBucketReplicationCommand({ Bucket: SOURCE_BUCKET }));

    const plan = await reviewPlan(input);
    expect(plan.changes.filter((c) => c.kind !== "no-op").map((c) => c.id)).toEqual(["destination.bucketPolicy", "source.replication"]);
    // Slow the bucket policy down: without the dependency, the replication call would start meanwhile.
    const rec = callRecorder();
    const slow = {
      ...rec,
      before: async (info: { command: string }) =>
        void (info.command === "PutBucketPolicy" ? await new Promise((r) => setTimeout(r, 400)) : undefined),
    };
    const run = await applyPlan({ input, fingerprint: plan.fingerprint, confirm: VAULT, hooks: slow, backoff: instantBackoff });
    expect(run.status).toBe("succeeded");
    const policy = rec.calls.find((c) => c.command === "PutBucketPolicy")!;
    const replication = rec.calls.find((c) => c.command === "PutBucketReplication")!;
    expect(replication.startedAt).toBeGreaterThanOrEqual(policy.endedAt);
  });
});
