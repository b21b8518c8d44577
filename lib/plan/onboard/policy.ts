// The access role Lockbridge needs in an onboarded account: its permissions policy, grouped from the
// calls in calls.ts, and its trust policy, which lets only the server's own principal assume it and
// only with the ExternalId of this onboarding.
import { POLICY_VERSION } from "../render/policies";
import type { JsonObject, PolicyDocument } from "../types";
import { accessCalls, type AccessRoleSpec, type StatementGroup } from "./calls";

const SID: Record<StatementGroup, string> = {
  BucketRead: "LockbridgeReadBuckets",
  BucketWrite: "LockbridgeConfigureBuckets",
  Canary: "LockbridgeCanaryObjects",
  ListBuckets: "LockbridgeListBuckets",
  ReplicationRoles: "LockbridgeReplicationRoles",
  PassReplicationRole: "LockbridgePassReplicationRoleToS3",
  ManagedPolicyRead: "LockbridgeReadRolePolicies",
  Keys: "LockbridgeKeys",
  SelfRead: "LockbridgeReadOwnPermissions",
};

const one = (xs: string[]) => (xs.length === 1 ? xs[0]! : xs);

/** The permissions policy: one statement per group, actions and resources in first-use order. */
export function accessRolePolicy(spec: AccessRoleSpec): PolicyDocument {
  const groups = new Map<StatementGroup, { actions: string[]; resources: string[]; context?: Record<string, string> }>();
  for (const c of accessCalls(spec)) {
    const g = groups.get(c.group) ?? { actions: [], resources: [], ...(c.context ? { context: c.context } : {}) };
    if (!g.actions.includes(c.action)) g.actions.push(c.action);
    if (!g.resources.includes(c.resource)) g.resources.push(c.resource);
    groups.set(c.group, g);
  }
  const Statement: JsonObject[] = [...groups].map(([group, g]) => ({
    Sid: SID[group],
    Effect: "Allow",
    Action: one(g.actions),
    Resource: one(g.resources),
    ...(g.context ? { Condition: { StringEquals: g.context } } : {}),
  }));
  return { Version: POLICY_VERSION, Statement };
}

/**
 * aws:PrincipalArn patterns for the server's identity. An assumed-role ARN carries the role name but
 * not its path, so the role is matched with and without a path; a user or root ARN is matched exactly.
 */
export function principalArnPatterns(callerArn: string): { account: string; patterns: string[] } {
  const parts = callerArn.split(":");
  const partition = parts[1] ?? "aws";
  const account = parts[4] ?? "";
  const resource = parts.slice(5).join(":");
  const assumed = /^assumed-role\/([^/]+)\//.exec(resource);
  if (parts[2] === "sts" && assumed) {
    const role = assumed[1]!;
    return { account, patterns: [`arn:${partition}:iam::${account}:role/${role}`, `arn:${partition}:iam::${account}:role/*/${role}`] };
  }
  return { account, patterns: [callerArn] };
}

/** Trust policy: the server's account as principal, narrowed to the server's own principal and the ExternalId. */
export function accessRoleTrust(spec: AccessRoleSpec, externalId: string | JsonObject = spec.externalId): PolicyDocument {
  const { account, patterns } = principalArnPatterns(spec.trustedPrincipalArn);
  const partition = spec.trustedPrincipalArn.split(":")[1] ?? "aws";
  const root = `arn:${partition}:iam::${account}:root`;
  const narrow: JsonObject = patterns.length === 1 && patterns[0] === root ? {} : { ArnLike: { "aws:PrincipalArn": one(patterns) } };
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "LockbridgeServer",
        Effect: "Allow",
        Principal: { AWS: root },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": externalId }, ...narrow },
      },
    ],
  };
}
