// Identifiers derived from the input: ARNs, the replication role, our inline policy name and our Sids.
import { fitName } from "../schema/wizard";
import type { WizardInput } from "../schema/wizard";
import { arnAccount, partitionOf } from "../schema/primitives";
import type { ObservedState, RoleState } from "./observed";
import type { PlanNames, PlanWarning } from "./types";

/** Every Sid Lockbridge writes starts with this; only the exact Sids below are treated as ours. */
export const SID_PREFIX = "Lockbridge";

export const SIDS = {
  trust: "LockbridgeS3Assume",
  sourceBucket: "LockbridgeSourceBucket",
  sourceObjects: "LockbridgeSourceObjects",
  destinationObjects: "LockbridgeDestinationObjects",
  sourceKey: "LockbridgeSourceKey",
  destinationKey: "LockbridgeDestinationKey",
  bucketReplication: "LockbridgeReplication",
  bucketReplicationOwnerOverride: "LockbridgeReplicationOwnerOverride",
  keyReplica: "LockbridgeReplicaEncryption",
  keyReplicaBucketKeys: "LockbridgeReplicaEncryptionBucketKeys",
} as const;

export const OWNED_SIDS = {
  trust: [SIDS.trust],
  rolePolicy: [SIDS.sourceBucket, SIDS.sourceObjects, SIDS.destinationObjects, SIDS.sourceKey, SIDS.destinationKey],
  bucketPolicy: [SIDS.bucketReplication, SIDS.bucketReplicationOwnerOverride],
  keyPolicy: [SIDS.keyReplica, SIDS.keyReplicaBucketKeys],
} as const;

/** A name that says it is Lockbridge's, without doubling the prefix of a bucket already named lockbridge-…. */
export const lockbridgeName = (text: string) => (text.startsWith("lockbridge-") ? text : `lockbridge-${text}`);

/**
 * Our inline policy on the replication role. Before the prefix stopped being doubled, a source bucket
 * named lockbridge-… gave lockbridge-lockbridge-…; a role that already carries that policy keeps it, so a
 * re-plan updates it instead of adding a second copy of the same statements.
 */
function rolePolicyName(source: string, destination: string, live: RoleState | undefined): string {
  const legacy = fitName(`lockbridge-${source}-to-${destination}`, 128);
  if (live && Object.hasOwn(live.inlinePolicies, legacy)) return legacy;
  return fitName(lockbridgeName(`${source}-to-${destination}`), 128);
}

export const s3BucketArn = (region: string, bucket: string) => `arn:${partitionOf(region)}:s3:::${bucket}`;

/**
 * Resolve names. A reused role given by name only gets its ARN (with path) from discovery; without
 * discovery we assume path "/" and say so.
 */
export function planNames(input: WizardInput, observed: ObservedState): { names: PlanNames; warnings: PlanWarning[] } {
  const { source, destination } = input.accounts;
  const partition = partitionOf(source.region);
  const warnings: PlanWarning[] = [];
  let roleName: string;
  let rolePath: string;
  let roleArn: string;
  const live = observed.role.status === "found" ? observed.role.value : undefined;
  if (input.role.mode === "create") {
    roleName = input.role.roleName;
    rolePath = input.role.path;
    roleArn = live?.arn ?? `arn:${partition}:iam::${source.accountId}:role${rolePath}${roleName}`;
  } else if (input.role.role.startsWith("arn:")) {
    roleArn = live?.arn ?? input.role.role;
    const resource = input.role.role.split(":").slice(5).join(":").replace(/^role/, "");
    roleName = resource.split("/").pop() ?? resource;
    rolePath = resource.slice(0, resource.length - roleName.length) || "/";
  } else {
    roleName = input.role.role;
    rolePath = live?.path ?? "/";
    roleArn = live?.arn ?? `arn:${partition}:iam::${source.accountId}:role/${roleName}`;
    if (!live)
      warnings.push({
        path: "role.role",
        message: `Role ${roleName} was not read; its ARN is assumed to be ${roleArn} (path "/"). Enter the full role ARN if it has a path.`,
      });
  }
  if (arnAccount(roleArn) !== source.accountId) {
    warnings.push({ path: "role.role", message: `The role ARN ${roleArn} is not in the source account.` });
  }
  return {
    names: {
      sourceBucketArn: s3BucketArn(source.region, source.bucket),
      destinationBucketArn: s3BucketArn(destination.region, destination.bucket),
      roleName,
      rolePath,
      roleArn,
      // One inline policy per (source, destination) pair, so one role can serve several pairs
      // without one plan overwriting another's statements. IAM policy names are at most 128 characters.
      rolePolicyName: rolePolicyName(source.bucket, destination.bucket, live),
      ruleId: input.rule.ruleId,
    },
    warnings,
  };
}
