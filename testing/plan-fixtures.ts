// Test and benchmark helpers (pure). freshObserved: both buckets exist and are untouched, no role yet.
// applyToObserved: what AWS would store after a plan is applied, to prove re-planning converges.
import type { WizardDefaultsPartial, WizardInput } from "../lib/schema/wizard";
import { partitionOf } from "../lib/schema/primitives";
import { unhandled } from "../lib/plan/exhaustive";
import type { BucketState, KeyState, ObservedState, RoleState } from "../lib/plan/observed";
import { defaultKeyPolicy } from "../lib/plan/render/policies";
import type { Plan } from "../lib/plan/types";

/** The example accounts most tests plan against: both plan-only, in different Regions. */
export const TEST_ACCOUNTS: WizardDefaultsPartial["accounts"] = {
  source: { accountId: "111122223333", region: "eu-west-1", bucket: "app-logs", access: "plan-only" },
  destination: { accountId: "444455556666", region: "eu-central-1", bucket: "central-vault", access: "plan-only" },
};

/** SSE-KMS with a key in each of TEST_ACCOUNTS, in its account's Region. */
export const TEST_KMS = {
  mode: "sse-kms" as const,
  sourceKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555",
  destinationKeyArn: "arn:aws:kms:eu-central-1:444455556666:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  bucketKeys: true,
};

export function freshBucket(): BucketState {
  return {
    versioning: { status: "found", value: "Off" },
    objectLock: { status: "absent" },
    ownership: { status: "found", value: "BucketOwnerEnforced" },
    requestPayment: { status: "found", value: "BucketOwner" },
    policy: { status: "absent" },
    replication: { status: "absent" },
  };
}

export function freshKey(arn: string, region: string, accountId: string): KeyState {
  return {
    arn,
    keyManager: "CUSTOMER",
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    keyState: "Enabled",
    region,
    policy: { status: "found", value: defaultKeyPolicy(partitionOf(region), accountId) },
  };
}

export function freshObserved(input: WizardInput): ObservedState {
  const { source, destination } = input.accounts;
  const kms = input.encryption.mode === "sse-kms" ? input.encryption : undefined;
  return {
    source: { status: "found", value: freshBucket() },
    destination: { status: "found", value: freshBucket() },
    role: { status: "absent" },
    ...(kms
      ? {
          sourceKey: { status: "found" as const, value: freshKey(kms.sourceKeyArn, source.region, source.accountId) },
          destinationKey: { status: "found" as const, value: freshKey(kms.destinationKeyArn, destination.region, destination.accountId) },
        }
      : {}),
  };
}

const clone = <T>(v: T): T => structuredClone(v);

/** Simulates AWS storing each non-no-op change's `after` exactly as sent. */
export function applyToObserved(plan: Plan, observed: ObservedState): ObservedState {
  const next = clone(observed);
  const bucket = (side: "source" | "destination"): BucketState => {
    if (next[side].status !== "found") next[side] = { status: "found", value: freshBucket() };
    return (next[side] as { value: BucketState }).value;
  };
  for (const c of plan.changes) {
    if (c.kind === "no-op") continue;
    switch (c.action) {
      case "PutBucketVersioning":
        bucket(c.account).versioning = { status: "found", value: c.after.Status };
        break;
      case "PutObjectLockConfiguration":
        bucket("destination").objectLock = { status: "found", value: clone(c.after) };
        break;
      case "PutBucketPolicy":
        bucket("destination").policy = { status: "found", value: clone(c.after) };
        break;
      case "DeleteBucketPolicy":
        bucket("destination").policy = { status: "absent" };
        break;
      case "PutBucketReplication":
        bucket("source").replication = { status: "found", value: clone(c.after) };
        break;
      case "DeleteBucketReplication":
        bucket("source").replication = { status: "absent" };
        break;
      case "CreateRole": {
        const role: RoleState = {
          arn: plan.names.roleArn,
          roleName: plan.names.roleName,
          path: plan.names.rolePath,
          trust: clone(c.after.AssumeRolePolicyDocument),
          inlinePolicies: {},
          attachedPolicies: [],
          permissionsBoundary: null,
        };
        next.role = { status: "found", value: role };
        break;
      }
      case "DeleteRole":
        next.role = { status: "absent" };
        break;
      case "UpdateAssumeRolePolicy":
        if (next.role.status === "found") next.role.value.trust = clone(c.after.PolicyDocument);
        break;
      case "PutRolePolicy":
        if (next.role.status === "found" && c.after) next.role.value.inlinePolicies[c.after.PolicyName] = clone(c.after.PolicyDocument);
        break;
      case "DeleteRolePolicy":
        if (next.role.status === "found") delete next.role.value.inlinePolicies[c.policyName];
        break;
      case "PutKeyPolicy": {
        const enc = plan.input.encryption;
        if (enc.mode !== "sse-kms") break;
        const d = plan.input.accounts.destination;
        if (next.destinationKey?.status !== "found")
          next.destinationKey = { status: "found", value: freshKey(enc.destinationKeyArn, d.region, d.accountId) };
        if (next.destinationKey.status === "found") next.destinationKey.value.policy = { status: "found", value: clone(c.after) };
        break;
      }
      default:
        unhandled(c);
    }
  }
  if (plan.input.encryption.mode === "sse-kms" && next.sourceKey?.status !== "found") {
    const s = plan.input.accounts.source;
    next.sourceKey = { status: "found", value: freshKey(plan.input.encryption.sourceKeyArn, s.region, s.accountId) };
  }
  return next;
}
