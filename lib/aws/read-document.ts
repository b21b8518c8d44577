import "server-only";
// Reads, for one change, the live document its write would replace or delete, in the shape of the
// change's `before` (lib/plan/types.ts). Used by the last-moment guard before every write and by the
// rollback planner, so both compare the same thing. null = it does not exist.
import { GetRoleCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import {
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
} from "@aws-sdk/client-s3";
import { unhandled } from "@/lib/plan/exhaustive";
import type { Change, ChangeOf, InlinePolicyDocument, RoleAttachments } from "@/lib/plan/types";
import { decodeIamDocument, objectLockOf, parsePolicy, replicationOf, versioningOf } from "./adapters";
import type { AccountClients } from "./clients";
import { isNotFound } from "./errors";

const NOT_FOUND = [
  "NoSuchBucketPolicy",
  "ReplicationConfigurationNotFoundError",
  "ObjectLockConfigurationNotFoundError",
  "NoSuchEntity",
  "NoSuchEntityException",
];

async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err, ...NOT_FOUND)) return null;
    throw err;
  }
}

const bucketOf = (c: Change) => ({ Bucket: c.target, ExpectedBucketOwner: c.accountId });

async function inlinePolicy(c: AccountClients, RoleName: string, PolicyName: string): Promise<InlinePolicyDocument> {
  const out = await c.iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
  return { RoleName, PolicyName, PolicyDocument: decodeIamDocument(out.PolicyDocument) };
}

async function attachments(c: AccountClients, RoleName: string): Promise<RoleAttachments> {
  const [inline, attached] = await Promise.all([
    c.iam.send(new ListRolePoliciesCommand({ RoleName })),
    c.iam.send(new ListAttachedRolePoliciesCommand({ RoleName })),
  ]);
  return {
    RoleName,
    InlinePolicies: inline.PolicyNames ?? [],
    AttachedPolicies: (attached.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ""),
  };
}

/** The live counterpart of `change.before`; throws on a failed read (the write is then not sent). */
export async function readLiveDocument<A extends Change["action"]>(change: ChangeOf<A>, c: AccountClients): Promise<ChangeOf<A>["before"]>;
export async function readLiveDocument(change: Change, c: AccountClients): Promise<Change["before"]> {
  switch (change.action) {
    case "PutBucketVersioning":
      return orNull(async () => {
        const status = versioningOf((await c.s3.send(new GetBucketVersioningCommand(bucketOf(change)))).Status);
        return status === "Off" ? null : { Status: status };
      });
    case "PutObjectLockConfiguration":
      return orNull(async () =>
        objectLockOf((await c.s3.send(new GetObjectLockConfigurationCommand(bucketOf(change)))).ObjectLockConfiguration),
      );
    case "CreateRole":
      return null;
    case "UpdateAssumeRolePolicy": {
      const RoleName = change.after.RoleName;
      return orNull(async () => ({
        RoleName,
        PolicyDocument: decodeIamDocument((await c.iam.send(new GetRoleCommand({ RoleName }))).Role?.AssumeRolePolicyDocument),
      }));
    }
    case "PutRolePolicy": {
      const ref = change.after ?? change.before;
      if (!ref) return null;
      return orNull(() => inlinePolicy(c, ref.RoleName, ref.PolicyName));
    }
    case "DeleteRolePolicy":
      return orNull(() => inlinePolicy(c, change.target, change.policyName));
    case "DeleteRole":
      return orNull(() => attachments(c, change.target));
    case "PutKeyPolicy":
      return orNull(async () =>
        parsePolicy((await c.kms.send(new GetKeyPolicyCommand({ KeyId: change.target, PolicyName: "default" }))).Policy),
      );
    case "PutBucketPolicy":
    case "DeleteBucketPolicy":
      return orNull(async () => parsePolicy((await c.s3.send(new GetBucketPolicyCommand(bucketOf(change)))).Policy));
    case "PutBucketReplication":
    case "DeleteBucketReplication":
      return orNull(async () =>
        replicationOf((await c.s3.send(new GetBucketReplicationCommand(bucketOf(change)))).ReplicationConfiguration),
      );
    default:
      return unhandled(change);
  }
}
