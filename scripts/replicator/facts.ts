// Reads what S3 itself would look at before replicating one version: the role and its policies, both
// bucket policies, the destination's versioning and Object Lock, both KMS keys. Straight from moto.
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import {
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetBucketReplicationCommand,
} from "@aws-sdk/client-s3";
import type { AccountClients } from "./clients";
import type { BucketFacts, Doc, KeyFacts, RoleFacts } from "./permissions";
import type { ReplicationConfig, Retention } from "./rules";

const errName = (err: unknown) => (err as { name?: string; Code?: string })?.name ?? "";
const decode = (s: string | undefined): Doc | null => (s ? (JSON.parse(s.startsWith("%") ? decodeURIComponent(s) : s) as Doc) : null);

export async function replicationConfig(clients: AccountClients, account: string, bucket: string): Promise<ReplicationConfig | null> {
  const { s3 } = await clients.for(account);
  try {
    const out = await s3.send(new GetBucketReplicationCommand({ Bucket: bucket }));
    return (out.ReplicationConfiguration as unknown as ReplicationConfig) ?? null;
  } catch (err) {
    if (/ReplicationConfigurationNotFound|NoSuchBucket/.test(errName(err))) return null;
    throw err;
  }
}

export async function roleFacts(clients: AccountClients, arn: string): Promise<RoleFacts> {
  const account = arn.split(":")[4] ?? "";
  const RoleName = arn.split("/").pop() ?? "";
  const { iam } = await clients.for(account);
  let role;
  try {
    role = (await iam.send(new GetRoleCommand({ RoleName }))).Role;
  } catch (err) {
    if (errName(err) === "NoSuchEntityException" || errName(err) === "NoSuchEntity")
      return { arn, exists: false, trust: null, identity: [] };
    throw err;
  }
  if (role?.Arn !== arn) return { arn, exists: false, trust: null, identity: [] };
  const identity: RoleFacts["identity"] = [];
  for (const PolicyName of (await iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? []) {
    const doc = decode((await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }))).PolicyDocument);
    if (doc) identity.push({ name: PolicyName, document: doc });
  }
  const managed = async (PolicyArn: string) => {
    const p = (await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy;
    return decode(
      (await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: p?.DefaultVersionId ?? "v1" }))).PolicyVersion?.Document,
    );
  };
  for (const a of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies ?? []) {
    const doc = a.PolicyArn ? await managed(a.PolicyArn) : null;
    if (doc) identity.push({ name: a.PolicyArn!, document: doc });
  }
  const pb = role.PermissionsBoundary?.PermissionsBoundaryArn;
  const boundaryDoc = pb ? await managed(pb) : null;
  return {
    arn,
    exists: true,
    trust: decode(role.AssumeRolePolicyDocument),
    identity,
    ...(pb && boundaryDoc ? { boundary: { name: pb, document: boundaryDoc } } : {}),
  };
}

export type DestinationState = { exists: boolean; versioning?: string; lockEnabled: boolean; defaultRetention: Retention | null };

export async function bucketFacts(
  clients: AccountClients,
  account: string,
  name: string,
): Promise<BucketFacts & { state: DestinationState }> {
  const { s3 } = await clients.for(account);
  let versioning: string | undefined;
  let region = "us-east-1";
  try {
    versioning = (await s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status;
    region = (await s3.send(new GetBucketLocationCommand({ Bucket: name }))).LocationConstraint || "us-east-1";
  } catch (err) {
    if (errName(err) === "NoSuchBucket")
      return { name, account, region, policy: null, state: { exists: false, lockEnabled: false, defaultRetention: null } };
    throw err;
  }
  let policy: Doc | null = null;
  try {
    policy = decode((await s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy);
  } catch (err) {
    if (errName(err) !== "NoSuchBucketPolicy") throw err;
  }
  let lockEnabled = false;
  let defaultRetention: Retention | null = null;
  try {
    const c = (await s3.send(new GetObjectLockConfigurationCommand({ Bucket: name }))).ObjectLockConfiguration;
    lockEnabled = c?.ObjectLockEnabled === "Enabled";
    const r = c?.Rule?.DefaultRetention;
    if (r?.Mode) defaultRetention = { mode: r.Mode, ...(r.Days ? { days: r.Days } : {}), ...(r.Years ? { years: r.Years } : {}) };
  } catch (err) {
    if (!/ObjectLockConfigurationNotFound/.test(errName(err))) throw err;
  }
  return { name, account, region, policy, state: { exists: true, versioning, lockEnabled, defaultRetention } };
}

export type KeyState = KeyFacts & { exists: boolean; enabled: boolean };

/** KMS resolves a key only in its own account: the client acts in the ARN's account and Region. */
export async function keyFacts(clients: AccountClients, idOrArn: string, fallback: { account: string; region: string }): Promise<KeyState> {
  const parts = idOrArn.startsWith("arn:") ? idOrArn.split(":") : [];
  const account = parts[4] || fallback.account;
  const region = parts[3] || fallback.region;
  const kms = (await clients.for(account)).kms(region);
  try {
    const meta = (await kms.send(new DescribeKeyCommand({ KeyId: idOrArn }))).KeyMetadata;
    const policy = decode((await kms.send(new GetKeyPolicyCommand({ KeyId: meta!.KeyId!, PolicyName: "default" }))).Policy);
    return { arn: meta?.Arn ?? idOrArn, account, region, policy, exists: true, enabled: meta?.KeyState === "Enabled" };
  } catch (err) {
    if (errName(err) === "NotFoundException") return { arn: idOrArn, account, region, policy: null, exists: false, enabled: false };
    throw err;
  }
}
