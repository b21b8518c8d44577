// The calls Lockbridge makes in an account, by the part the account plays. This is the single source of
// the access role's policy (policy.ts groups it into statements) and of the test that simulates that
// policy: a call added to discovery, apply, Verify or the vault page is added here, or the tests that
// run the plans through the generated role fail.
import { partitionOf } from "../../schema/primitives";
import type { OnboardPart } from "../../schema/onboard";

/** Objects Verify uploads and reads back (the canary), in both buckets. */
export const CANARY_PREFIX = "lockbridge-canary/";

export type AccessRoleSpec = {
  part: OnboardPart;
  accountId: string;
  region: string;
  buckets: string[];
  /** Customer managed keys the plans use in this account (source key to describe; vault key to merge into). */
  keyArns: string[];
  /** Replication roles are created and extended only under this path (default /service-role/). */
  replicationRolePath: string;
  accessRoleName: string;
  /** Who may assume the access role: the principal Lockbridge's server runs as (sts:GetCallerIdentity). */
  trustedPrincipalArn: string;
  externalId: string;
};

/**
 * One API call and the IAM action that authorizes it. `group` is the statement it lands in: calls on
 * the same kind of resource with the same condition share a statement.
 */
export type AccessCall = {
  api: string;
  action: string;
  resource: string;
  group: StatementGroup;
  why: string;
  /** Condition keys the call carries (iam:PassedToService for PassRole). */
  context?: Record<string, string>;
};

export type StatementGroup =
  | "BucketRead"
  | "BucketWrite"
  | "Canary"
  | "ListBuckets"
  | "ReplicationRoles"
  | "PassReplicationRole"
  | "ManagedPolicyRead"
  | "Keys"
  | "SelfRead";

export const bucketArn = (region: string, bucket: string) => `arn:${partitionOf(region)}:s3:::${bucket}`;
export const iamArn = (spec: Pick<AccessRoleSpec, "region" | "accountId">, resource: string) =>
  `arn:${partitionOf(spec.region)}:iam::${spec.accountId}:${resource}`;
export const accessRoleArn = (spec: Pick<AccessRoleSpec, "region" | "accountId" | "accessRoleName">) =>
  iamArn(spec, `role/${spec.accessRoleName}`);
/** Replication roles: any role under the path (their names are derived from bucket names). */
export const replicationRolePattern = (spec: Pick<AccessRoleSpec, "region" | "accountId" | "replicationRolePath">) =>
  iamArn(spec, `role${spec.replicationRolePath}*`);

// Discovery reads six configurations of each bucket (lib/aws/discover.ts readBucket); Connect heads it.
const BUCKET_READS: [api: string, action: string][] = [
  ["HeadBucket", "s3:ListBucket"],
  ["GetBucketVersioning", "s3:GetBucketVersioning"],
  ["GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"],
  ["GetBucketOwnershipControls", "s3:GetBucketOwnershipControls"],
  ["GetBucketRequestPayment", "s3:GetBucketRequestPayment"],
  ["GetBucketPolicy", "s3:GetBucketPolicy"],
  ["GetBucketReplication", "s3:GetReplicationConfiguration"],
  ["GetBucketEncryption", "s3:GetEncryptionConfiguration"],
];

const WRITES: Record<OnboardPart, [api: string, action: string, why: string][]> = {
  source: [
    ["PutBucketVersioning", "s3:PutBucketVersioning", "replication needs versioning on the source"],
    ["PutBucketReplication", "s3:PutReplicationConfiguration", "writes the replication rule (merged with foreign rules)"],
  ],
  vault: [
    ["PutBucketVersioning", "s3:PutBucketVersioning", "Object Lock needs versioning"],
    ["PutObjectLockConfiguration", "s3:PutBucketObjectLockConfiguration", "enables Object Lock and its default retention"],
    ["PutBucketPolicy", "s3:PutBucketPolicy", "lets the source replication roles write replicas (merged with foreign statements)"],
  ],
};

// Verify: the source uploads and heads the canary; the vault heads the replica (version, lock, key).
const CANARY: Record<OnboardPart, [api: string, action: string][]> = {
  source: [
    ["PutObject", "s3:PutObject"],
    ["HeadObject", "s3:GetObject"],
    ["HeadObject (version)", "s3:GetObjectVersion"],
  ],
  vault: [
    ["HeadObject", "s3:GetObject"],
    ["HeadObject (version)", "s3:GetObjectVersion"],
    ["HeadObject (retention)", "s3:GetObjectRetention"],
    ["HeadObject (legal hold)", "s3:GetObjectLegalHold"],
  ],
};

// Discovery reads the replication role (lib/aws/discover.ts readRole); apply creates or extends it.
const ROLE_CALLS: [api: string, action: string, why: string][] = [
  ["GetRole", "iam:GetRole", "reads the replication role"],
  ["ListRolePolicies", "iam:ListRolePolicies", "reads the replication role"],
  ["GetRolePolicy", "iam:GetRolePolicy", "reads the replication role"],
  ["ListAttachedRolePolicies", "iam:ListAttachedRolePolicies", "reads the replication role"],
  ["CreateRole", "iam:CreateRole", "creates the replication role"],
  ["UpdateAssumeRolePolicy", "iam:UpdateAssumeRolePolicy", "lets S3 assume a reused role"],
  ["PutRolePolicy", "iam:PutRolePolicy", "writes Lockbridge's inline policy on the replication role"],
];

const KEY_CALLS: Record<OnboardPart, [api: string, action: string, why: string][]> = {
  source: [
    ["DescribeKey", "kms:DescribeKey", "checks the source key (state, Region, spec)"],
    ["GetKeyPolicy", "kms:GetKeyPolicy", "reads the source key policy to simulate replication's kms:Decrypt"],
  ],
  vault: [
    ["DescribeKey", "kms:DescribeKey", "checks the replica key (state, Region, spec, manager)"],
    ["GetKeyPolicy", "kms:GetKeyPolicy", "reads the key policy to merge into it"],
    ["PutKeyPolicy", "kms:PutKeyPolicy", "lets the source replication roles encrypt replicas (merged with foreign statements)"],
  ],
};

const SELF_READ: [api: string, action: string][] = [
  ["GetRole", "iam:GetRole"],
  ["ListRolePolicies", "iam:ListRolePolicies"],
  ["GetRolePolicy", "iam:GetRolePolicy"],
  ["ListAttachedRolePolicies", "iam:ListAttachedRolePolicies"],
];

/** Every call Lockbridge makes in the account, with the resource it is made on. */
export function accessCalls(spec: AccessRoleSpec): AccessCall[] {
  const calls: AccessCall[] = [];
  const own = accessRoleArn(spec);
  calls.push({
    api: "ListBuckets",
    action: "s3:ListAllMyBuckets",
    resource: "*",
    group: "ListBuckets",
    why: "lists the account's buckets to pick from",
  });
  for (const bucket of spec.buckets) {
    const arn = bucketArn(spec.region, bucket);
    for (const [api, action] of BUCKET_READS) calls.push({ api, action, resource: arn, group: "BucketRead", why: `reads ${bucket}` });
    calls.push({
      api: "GetBucketLocation",
      action: "s3:GetBucketLocation",
      resource: arn,
      group: "BucketRead",
      why: `finds the Region of ${bucket}`,
    });
    for (const [api, action, why] of WRITES[spec.part]) calls.push({ api, action, resource: arn, group: "BucketWrite", why });
    for (const [api, action] of CANARY[spec.part])
      calls.push({ api, action, resource: `${arn}/${CANARY_PREFIX}*`, group: "Canary", why: "Verify's canary object" });
  }
  if (spec.part === "source") {
    const pattern = replicationRolePattern(spec);
    for (const [api, action, why] of ROLE_CALLS) calls.push({ api, action, resource: pattern, group: "ReplicationRoles", why });
    calls.push({
      api: "PutBucketReplication (PassRole)",
      action: "iam:PassRole",
      resource: pattern,
      group: "PassReplicationRole",
      why: "PutBucketReplication passes the replication role to S3",
      context: { "iam:PassedToService": "s3.amazonaws.com" },
    });
    // A reused role may carry managed policies and a boundary: their documents count in the plan.
    for (const action of ["iam:GetPolicy", "iam:GetPolicyVersion"]) {
      calls.push({
        api: action.slice(4),
        action,
        resource: iamArn(spec, "policy/*"),
        group: "ManagedPolicyRead",
        why: "reads policies attached to the replication role",
      });
      calls.push({
        api: action.slice(4),
        action,
        resource: `arn:${partitionOf(spec.region)}:iam::aws:policy/*`,
        group: "ManagedPolicyRead",
        why: "reads AWS managed policies attached to the replication role",
      });
    }
  }
  for (const key of spec.keyArns)
    for (const [api, action, why] of KEY_CALLS[spec.part]) calls.push({ api, action, resource: key, group: "Keys", why });
  // Lockbridge simulates its own permissions before apply: it reads this role's policies.
  for (const [api, action] of SELF_READ)
    calls.push({ api, action, resource: own, group: "SelfRead", why: "lets Lockbridge check its own permissions before apply" });
  return calls;
}
