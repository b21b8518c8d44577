// End to end against the emulator: a full SSE-KMS plan applied to the seeded sandbox, every document read
// back with the SDK, then a second apply that must make zero write calls.
import { GetRoleCommand, GetRolePolicyCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import {
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../lib/apply/apply";
import { reviewPlan } from "../lib/apply/review";
import type { ApplyEvent } from "../lib/apply/types";
import { instantBackoff } from "../lib/aws/retry";
import { DST, SOURCE_BUCKET, SRC, VAULT, callRecorder, sandboxInput, useEmulator } from "./apply-support";

const box = useEmulator();

type Statement = {
  Sid?: string;
  Effect: string;
  Principal?: { AWS?: string | string[] };
  Action: string | string[];
  Resource: string | string[];
};
const statements = (policy: string | undefined): Statement[] => JSON.parse(policy ?? "{}").Statement ?? [];
const actions = (s: Statement | undefined) => [s?.Action ?? []].flat().sort();

describe("apply the full SSE-KMS plan to the sandbox", () => {
  it("writes each change once, in order, and every document reads back as planned", async () => {
    const input = sandboxInput(box.seeded);
    const plan = await reviewPlan(input);
    expect(plan.errors).toEqual([]);
    const pending = plan.changes.filter((c) => c.kind !== "no-op");
    // The seed versions both buckets already; the other six are new.
    expect(pending.map((c) => c.id)).toEqual([
      "destination.objectLock",
      "source.role",
      "source.rolePolicy",
      "destination.keyPolicy",
      "destination.bucketPolicy",
      "source.replication",
    ]);

    const rec = callRecorder();
    const events: ApplyEvent[] = [];
    const run = await applyPlan({
      input,
      fingerprint: plan.fingerprint,
      confirm: VAULT,
      actor: "tester",
      hooks: rec,
      backoff: instantBackoff,
      onEvent: (e) => events.push(e),
    });
    expect(run.refusal).toBeUndefined();
    expect(run.status).toBe("succeeded");
    expect(
      rec
        .writes()
        .map((c) => c.command)
        .sort(),
    ).toEqual(["CreateRole", "PutBucketPolicy", "PutBucketReplication", "PutKeyPolicy", "PutObjectLockConfiguration", "PutRolePolicy"]);
    expect(run.writeCalls).toBe(pending.length);
    for (const c of run.changes) {
      if (c.kind === "no-op") expect(c).toMatchObject({ state: "skipped", skipReason: "no-op", note: "Already as planned" });
      else expect(c.state === "done" && c.requestIds.length === 1).toBe(true);
    }
    // Audit events: one per write, with request ID and documents, never credentials.
    expect(events).toHaveLength(pending.length);
    expect(events.every((e) => e.requestId && e.result === "ok" && e.actor === "tester" && e.runId === run.runId)).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/secret|SessionToken|AccessKeyId/i);
    // Dependency order: the role exists before the policies naming it are written.
    const at = (api: string) => rec.calls.findIndex((c) => c.command === api);
    expect(at("CreateRole")).toBeLessThan(at("PutKeyPolicy"));
    expect(at("PutBucketPolicy")).toBeLessThan(at("PutBucketReplication"));

    const src = await box.admin(SRC);
    const dst = await box.admin(DST);
    for (const [c, Bucket] of [
      [src, SOURCE_BUCKET],
      [dst, VAULT],
    ] as const) {
      expect((await c.s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe("Enabled");
    }
    const lock = await dst.s3.send(new GetObjectLockConfigurationCommand({ Bucket: VAULT }));
    expect(lock.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 1 } },
    });

    const { roleName, roleArn, rolePolicyName } = plan.names;
    const role = (await src.iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!;
    expect(role.Arn).toBe(roleArn);
    expect(role.Path).toBe("/service-role/");
    const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
    expect(trust.Statement).toEqual([
      expect.objectContaining({ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ]);
    expect((await src.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames).toEqual([rolePolicyName]);
    const inline = statements(
      decodeURIComponent(
        (await src.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: rolePolicyName }))).PolicyDocument!,
      ),
    );
    const sid = (s: string) => inline.find((x) => x.Sid === s);
    expect(actions(sid("LockbridgeSourceBucket"))).toEqual(["s3:GetReplicationConfiguration", "s3:ListBucket"]);
    expect(actions(sid("LockbridgeSourceObjects"))).toEqual([
      "s3:GetObjectLegalHold",
      "s3:GetObjectRetention",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionTagging",
    ]);
    expect(actions(sid("LockbridgeDestinationObjects"))).toEqual([
      "s3:ObjectOwnerOverrideToBucketOwner",
      "s3:ReplicateDelete",
      "s3:ReplicateObject",
      "s3:ReplicateTags",
    ]);
    expect(sid("LockbridgeSourceKey")).toMatchObject({ Action: ["kms:Decrypt"], Resource: box.seeded.keys["alias/lockbridge-source"] });
    expect(actions(sid("LockbridgeDestinationKey"))).toEqual(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]);

    const keyPolicy = statements(
      (await dst.kms.send(new GetKeyPolicyCommand({ KeyId: box.seeded.keys["alias/lockbridge-vault"], PolicyName: "default" }))).Policy,
    );
    expect(keyPolicy.find((s) => s.Sid === "Enable IAM User Permissions")).toEqual({
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${DST}:root` },
      Action: "kms:*",
      Resource: "*",
    });
    const ours = keyPolicy.find((s) => s.Sid === "LockbridgeReplicaEncryptionBucketKeys");
    expect(ours?.Principal).toEqual({ AWS: roleArn });
    expect(actions(ours)).toEqual(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]);

    const bucketPolicy = statements((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy);
    // One consolidated statement (the plan keeps each role ARN once so a vault policy holds many sources).
    expect(bucketPolicy).toEqual([
      expect.objectContaining({ Sid: "LockbridgeReplicationOwnerOverride", Effect: "Allow", Principal: { AWS: roleArn } }),
    ]);
    expect(actions(bucketPolicy[0])).toEqual([
      "s3:GetBucketVersioning",
      "s3:ObjectOwnerOverrideToBucketOwner",
      "s3:PutBucketVersioning",
      "s3:ReplicateDelete",
      "s3:ReplicateObject",
      "s3:ReplicateTags",
    ]);
    expect([bucketPolicy[0]?.Resource].flat().sort()).toEqual([`arn:aws:s3:::${VAULT}`, `arn:aws:s3:::${VAULT}/*`]);

    const replication = (await src.s3.send(new GetBucketReplicationCommand({ Bucket: SOURCE_BUCKET }))).ReplicationConfiguration!;
    expect(replication.Role).toBe(roleArn);
    expect(replication.Rules).toEqual([
      {
        ID: plan.names.ruleId,
        Priority: 0,
        Status: "Enabled",
        Filter: {},
        DeleteMarkerReplication: { Status: "Disabled" },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: "Enabled" } },
        Destination: {
          Bucket: `arn:aws:s3:::${VAULT}`,
          Account: DST,
          AccessControlTranslation: { Owner: "Destination" },
          EncryptionConfiguration: { ReplicaKmsKeyID: box.seeded.keys["alias/lockbridge-vault"] },
        },
      },
    ]);
    expect(replication.Rules?.[0]).not.toHaveProperty("ExistingObjectReplication");
  });

  it("applying the same input again makes zero write calls and says so", async () => {
    const input = sandboxInput(box.seeded);
    const plan = await reviewPlan(input);
    expect(plan.changes.every((c) => c.kind === "no-op")).toBe(true);
    const rec = callRecorder();
    const run = await applyPlan({ input, fingerprint: plan.fingerprint, hooks: rec, backoff: instantBackoff });
    expect(run.status).toBe("nothing-to-change");
    expect(run.message).toMatch(/Nothing to change/);
    expect(rec.calls.length).toBeGreaterThan(0); // it did re-read
    expect(rec.writes()).toEqual([]);
    expect(run.writeCalls).toBe(0);
  });
});
