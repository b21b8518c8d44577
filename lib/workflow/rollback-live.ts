import "server-only";
// Reading what is live for one rollback step, and deciding whether it is safe to restore. The same
// safety rail as apply's foreign-content check, stricter: a rollback only writes when the live document
// is still exactly what Lockbridge wrote (the step's expectedCurrent). Anything else is someone else's
// change, which a rollback must not overwrite: refuse and say which document differs.
import { GetRoleCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import { GetBucketPolicyCommand, GetBucketReplicationCommand } from "@aws-sdk/client-s3";
import { decodeIamDocument, parsePolicy, replicationOf } from "@/lib/aws/adapters";
import type { AccountClients } from "@/lib/aws/clients";
import { isNotFound } from "@/lib/aws/errors";
import { equivalent } from "@/lib/plan/normalize";
import type { Json } from "@/lib/plan/types";
import type { RollbackStep } from "@/lib/store";

/** The live document in the same shape as the step's expectedCurrent / restore (null when absent). */
export async function readLive(step: RollbackStep, c: AccountClients): Promise<Json | null> {
  const bucket = { Bucket: step.target, ExpectedBucketOwner: step.accountId };
  const roleName = step.names?.roleName ?? step.target;
  try {
    switch (step.action) {
      case "PutBucketPolicy":
      case "DeleteBucketPolicy":
        return parsePolicy((await c.s3.send(new GetBucketPolicyCommand(bucket))).Policy);
      case "PutBucketReplication":
      case "DeleteBucketReplication":
        return replicationOf((await c.s3.send(new GetBucketReplicationCommand(bucket))).ReplicationConfiguration);
      case "PutKeyPolicy":
        return parsePolicy((await c.kms.send(new GetKeyPolicyCommand({ KeyId: step.target, PolicyName: "default" }))).Policy);
      case "UpdateAssumeRolePolicy": {
        const { Role } = await c.iam.send(new GetRoleCommand({ RoleName: roleName }));
        return { RoleName: roleName, PolicyDocument: decodeIamDocument(Role?.AssumeRolePolicyDocument) };
      }
      case "PutRolePolicy":
      case "DeleteRolePolicy": {
        const doc = (step.restore ?? step.expectedCurrent) as { RoleName?: string; PolicyName?: string } | null;
        const PolicyName = step.names?.policyName ?? doc?.PolicyName ?? "";
        const out = await c.iam.send(new GetRolePolicyCommand({ RoleName: doc?.RoleName ?? roleName, PolicyName }));
        return { RoleName: out.RoleName ?? roleName, PolicyName, PolicyDocument: decodeIamDocument(out.PolicyDocument) };
      }
      case "DeleteRole": {
        // What must be true before deleting a role we created: it exists and nothing is left on it.
        const [inline, attached] = await Promise.all([
          c.iam.send(new ListRolePoliciesCommand({ RoleName: roleName })),
          c.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })),
        ]);
        return { RoleName: roleName, InlinePolicies: inline.PolicyNames ?? [], AttachedPolicies: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? "") };
      }
    }
  } catch (err) {
    if (isNotFound(err, "NoSuchBucketPolicy", "ReplicationConfigurationNotFoundError", "NoSuchEntity", "NoSuchEntityException")) return null;
    throw err;
  }
}

export type StepVerdict = { kind: "restore" } | { kind: "already-restored" } | { kind: "refuse"; reason: string };

const NOUN: Record<RollbackStep["action"], string> = {
  PutBucketPolicy: "bucket policy",
  DeleteBucketPolicy: "bucket policy",
  PutBucketReplication: "replication configuration",
  DeleteBucketReplication: "replication configuration",
  PutKeyPolicy: "key policy",
  UpdateAssumeRolePolicy: "trust policy of role",
  PutRolePolicy: "inline policy of role",
  DeleteRolePolicy: "inline policy of role",
  DeleteRole: "role",
};

export const describeTarget = (s: RollbackStep) => `${NOUN[s.action]} ${s.names?.roleName ?? s.target}`;

/**
 * Whether `step` may run against `live`. `deletedPolicies`: inline policies removed by earlier steps of
 * the same rollback (a role is deleted only once nothing else is left on it).
 */
export function verdict(step: RollbackStep, live: Json | null, deletedPolicies: string[] = []): StepVerdict {
  if (step.action === "DeleteRole") {
    if (live === null) return { kind: "already-restored" };
    const l = live as { InlinePolicies: string[]; AttachedPolicies: string[] };
    const foreign = l.InlinePolicies.filter((p) => !deletedPolicies.includes(p));
    if (foreign.length > 0 || l.AttachedPolicies.length > 0) {
      return { kind: "refuse", reason: `Role ${step.names?.roleName ?? step.target} now has policies Lockbridge did not write (${[...foreign, ...l.AttachedPolicies].join(", ")}): someone else uses it, so it is not deleted.` };
    }
    return { kind: "restore" };
  }
  if (equivalent(live, step.restore)) return { kind: "already-restored" };
  if (equivalent(live, step.expectedCurrent)) return { kind: "restore" };
  return {
    kind: "refuse",
    reason: `The ${describeTarget(step)} changed since Lockbridge wrote it (${live === null ? "it is gone" : "the live document differs from what Lockbridge wrote"}). Restoring the old document would overwrite someone else's change; reconcile it by hand.`,
  };
}
