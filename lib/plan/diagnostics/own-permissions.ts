// Lockbridge's own permissions, before apply: every call the plan makes with the access role of each
// account (discovery reads, the re-read before each write, the writes, PassRole of the replication
// role to S3) simulated against that role's policies. A call that would be denied is reported with the
// statement that would grant it. When the role's policies could not be read, the report says so and
// does not guess. Pure: the policy engine is injected (Evaluator), the policies come from lib/aws.
import { partitionOf } from "../../schema/primitives";
import { bucketArn } from "../onboard/calls";
import { defaultKeyPolicy } from "../render/policies";
import type { AccountSide, Plan, PolicyDocument } from "../types";
import { diag } from "./evidence";
import type { Diagnostic, Evaluator } from "./types";

export type OwnCall = { account: AccountSide; api: string; action: string; resource: string; context?: Record<string, string> };

/** What was read of an account's access role. */
export type AccessPolicies =
  | {
      status: "read";
      roleArn: string;
      identity: { name: string; document: PolicyDocument }[];
      boundary?: { name: string; document: PolicyDocument };
      gaps: string[];
    }
  | { status: "unread"; why: string };

const BUCKET_READS: [string, string][] = [
  ["GetBucketVersioning", "s3:GetBucketVersioning"],
  ["GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"],
  ["GetBucketOwnershipControls", "s3:GetBucketOwnershipControls"],
  ["GetBucketRequestPayment", "s3:GetBucketRequestPayment"],
  ["GetBucketPolicy", "s3:GetBucketPolicy"],
  ["GetBucketReplication", "s3:GetReplicationConfiguration"],
];

const WRITE_ACTION: Record<string, string> = {
  PutBucketVersioning: "s3:PutBucketVersioning",
  PutObjectLockConfiguration: "s3:PutBucketObjectLockConfiguration",
  CreateRole: "iam:CreateRole",
  UpdateAssumeRolePolicy: "iam:UpdateAssumeRolePolicy",
  PutRolePolicy: "iam:PutRolePolicy",
  PutKeyPolicy: "kms:PutKeyPolicy",
  PutBucketPolicy: "s3:PutBucketPolicy",
  PutBucketReplication: "s3:PutReplicationConfiguration",
};

/** Every call the plan makes, per account, with the resource it acts on. */
export function planCalls(plan: Plan): OwnCall[] {
  const { source, destination } = plan.input.accounts;
  const calls: OwnCall[] = [];
  for (const [account, side] of [
    ["source", source],
    ["destination", destination],
  ] as const) {
    const arn = bucketArn(side.region, side.bucket);
    calls.push({ account, api: "HeadBucket", action: "s3:ListBucket", resource: arn });
    for (const [api, action] of BUCKET_READS) calls.push({ account, api, action, resource: arn });
  }
  for (const [api, action] of [
    ["GetRole", "iam:GetRole"],
    ["ListRolePolicies", "iam:ListRolePolicies"],
    ["GetRolePolicy", "iam:GetRolePolicy"],
    ["ListAttachedRolePolicies", "iam:ListAttachedRolePolicies"],
  ] as const) {
    calls.push({ account: "source", api, action, resource: plan.names.roleArn });
  }
  if (plan.input.encryption.mode === "sse-kms") {
    for (const [account, key] of [
      ["source", plan.input.encryption.sourceKeyArn],
      ["destination", plan.input.encryption.destinationKeyArn],
    ] as const) {
      calls.push(
        { account, api: "DescribeKey", action: "kms:DescribeKey", resource: key },
        { account, api: "GetKeyPolicy", action: "kms:GetKeyPolicy", resource: key },
      );
    }
  }
  for (const c of plan.changes) {
    if (c.kind === "no-op") continue;
    const resource =
      c.action === "PutKeyPolicy"
        ? c.target
        : ["CreateRole", "UpdateAssumeRolePolicy", "PutRolePolicy"].includes(c.action)
          ? plan.names.roleArn
          : bucketArn(c.region, c.target);
    calls.push({ account: c.account, api: c.action, action: WRITE_ACTION[c.action]!, resource });
    // S3 checks that the caller may pass the replication role to it.
    if (c.action === "PutBucketReplication") {
      calls.push({
        account: "source",
        api: "PutBucketReplication (PassRole)",
        action: "iam:PassRole",
        resource: plan.names.roleArn,
        context: { "iam:PassedToService": "s3.amazonaws.com" },
      });
    }
  }
  return calls;
}

/** The statement that grants `calls` (actions and resources in first-use order). */
export function fixingStatement(calls: OwnCall[]): PolicyDocument {
  const actions = [...new Set(calls.map((c) => c.action))];
  const resources = [...new Set(calls.map((c) => c.resource))];
  const ctx = calls.find((c) => c.context)?.context;
  return {
    Effect: "Allow",
    Action: actions.length === 1 ? actions[0]! : actions,
    Resource: resources.length === 1 ? resources[0]! : resources,
    ...(ctx ? { Condition: { StringEquals: ctx } } : {}),
  };
}

const LABEL: Record<AccountSide, string> = { source: "source", destination: "destination (vault)" };

/**
 * `keyPolicies` (key ARN → policy, as read): a KMS call is allowed only when the key policy allows it or
 * delegates to the account's IAM policies; an unread key policy is taken as the default one (delegation).
 */
export async function ownPermissionChecksWith(
  evaluate: Evaluator,
  plan: Plan,
  access: Partial<Record<AccountSide, AccessPolicies>>,
  keyPolicies: Record<string, PolicyDocument> = {},
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const calls = planCalls(plan);
  for (const account of ["source", "destination"] as const) {
    const policies = access[account];
    if (!policies) continue;
    const accountId = plan.input.accounts[account].accountId;
    if (policies.status === "unread") {
      out.push(
        diag(
          `own-permissions.unread.${account}`,
          "info",
          `Lockbridge could not read the policies of its access role in the ${LABEL[account]} account ${accountId}, so it cannot tell whether every call of this plan is allowed: ${policies.why}`,
          "Let the access role read its own policies (iam:GetRole, iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies on itself; the onboarding bootstrap grants them). Apply stops at the first denied call and can be resumed.",
          [],
        ),
      );
      continue;
    }
    const mine = calls.filter((c) => c.account === account);
    const results = await Promise.all(
      mine.map(async (call) => {
        const outcome = await evaluate({
          principal: policies.roleArn,
          action: call.action,
          resource: call.resource,
          resourceAccount: accountId,
          context: { "aws:PrincipalArn": policies.roleArn, "aws:PrincipalAccount": accountId, ...(call.context ?? {}) },
          identityPolicies: policies.identity,
          ...(policies.boundary ? { permissionsBoundary: policies.boundary } : {}),
          ...(call.action.startsWith("kms:")
            ? {
                resourcePolicy: keyPolicies[call.resource] ?? defaultKeyPolicy(partitionOf(plan.input.accounts[account].region), accountId),
              }
            : {}),
        });
        return { call, outcome };
      }),
    );
    const denied = results.filter((r) => r.outcome.kind === "result" && r.outcome.result !== "Allowed");
    const explicit = denied.filter((r) => r.outcome.kind === "result" && r.outcome.result === "ExplicitlyDenied");
    const failed = results.filter((r) => r.outcome.kind === "error");
    if (denied.length > 0) {
      const list = [...new Set(denied.map((r) => `${r.call.api} (${r.call.action})`))].join(", ");
      const statement = JSON.stringify(fixingStatement(denied.map((r) => r.call)), null, 2);
      out.push(
        diag(
          `own-permissions.denied.${account}`,
          "error",
          `Lockbridge's access role ${policies.roleArn} in the ${LABEL[account]} account may not make ${denied.length} call(s) this plan needs: ${list}. Apply would stop there.`,
          `${explicit.length > 0 ? "Remove or narrow the Deny statement(s) that match, and add" : "Add"} this statement to the access role's policy (or run the onboarding bootstrap again for these buckets):\n${statement}`,
          [
            ...denied.map(
              (r) =>
                `Simulated ${r.call.action} on ${r.call.resource} as ${policies.roleArn} → ${r.outcome.kind === "result" ? r.outcome.result : "error"}`,
            ),
            ...policies.gaps,
          ],
        ),
      );
    } else if (failed.length === 0) {
      out.push(
        diag(
          `own-permissions.allowed.${account}`,
          "info",
          `Lockbridge's access role ${policies.roleArn} may make all ${mine.length} calls this plan needs in the ${LABEL[account]} account${policies.gaps.length > 0 ? " (as far as its readable policies show)" : ""}.`,
          "Nothing to do. SCPs and RCPs of your AWS Organization cannot be read here and may still deny.",
          policies.gaps,
        ),
      );
    }
    for (const r of failed) {
      out.push(
        diag(
          `own-permissions.unsimulated.${account}`,
          "warning",
          `Could not simulate ${r.call.action} on ${r.call.resource}: ${r.outcome.kind === "error" ? r.outcome.message : ""}`,
          "Check the access role's policy by hand.",
          [],
        ),
      );
    }
  }
  return out;
}
