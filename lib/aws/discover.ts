import "server-only";
// Discovery: read, with each account's own credentials and in parallel, everything buildPlan needs.
// "Not found" is a state (absent); a failed read is an error naming the permission to grant; an account
// without access (plan-only) is "unknown". moto cannot read another account's KMS key even by ARN, and
// real AWS needs a key-policy grant for it, so each key is read with its owner's credentials.
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyPolicyCommand, type KMSClient } from "@aws-sdk/client-kms";
import {
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { discoveryTargets, type BucketState, type KeyState, type ObservedState, type Read, type RoleState } from "@/lib/plan/observed";
import type { PolicyDocument } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";
import {
  decodeIamDocument,
  encryptionOf,
  keyStateOf,
  objectLockOf,
  ownershipOf,
  parsePolicy,
  readAs,
  replicationOf,
  roleStateOf,
  versioningOf,
} from "./adapters";
import { isAccessDenied, isNotFound, toFailure } from "./errors";
import { type CallHooks, destroyClients, type SideClients, sideClients } from "./session";

const UNKNOWN = { status: "unknown" } as const;

/**
 * One bucket's state. `opts.encryption`: also read its default encryption (the source: objects S3
 * encrypts with SSE-KMS by default only replicate when the rule selects SSE-KMS objects).
 */
export async function readBucket(
  s3: S3Client,
  Bucket: string,
  ExpectedBucketOwner: string,
  opts: { encryption?: boolean } = {},
): Promise<Read<BucketState>> {
  const p = { Bucket, ExpectedBucketOwner };
  const encryptionRead = opts.encryption
    ? readAs(
        async () => encryptionOf((await s3.send(new GetBucketEncryptionCommand(p))).ServerSideEncryptionConfiguration),
        ["ServerSideEncryptionConfigurationNotFoundError"],
        "s3:GetEncryptionConfiguration",
      )
    : undefined;
  const [versioning, objectLock, ownershipRead, requestPayment, policy, replication, encryption] = await Promise.all([
    readAs(async () => versioningOf((await s3.send(new GetBucketVersioningCommand(p))).Status), [], "s3:GetBucketVersioning"),
    readAs(
      async () => objectLockOf((await s3.send(new GetObjectLockConfigurationCommand(p))).ObjectLockConfiguration),
      ["ObjectLockConfigurationNotFoundError"],
      "s3:GetBucketObjectLockConfiguration",
    ),
    readAs(
      async () => (await s3.send(new GetBucketOwnershipControlsCommand(p))).OwnershipControls?.Rules ?? [],
      ["OwnershipControlsNotFoundError"],
      "s3:GetBucketOwnershipControls",
    ),
    readAs(
      async () =>
        (await s3.send(new GetBucketRequestPaymentCommand(p))).Payer === "Requester" ? ("Requester" as const) : ("BucketOwner" as const),
      [],
      "s3:GetBucketRequestPayment",
    ),
    readAs(async () => parsePolicy((await s3.send(new GetBucketPolicyCommand(p))).Policy), ["NoSuchBucketPolicy"], "s3:GetBucketPolicy"),
    readAs(
      async () => replicationOf((await s3.send(new GetBucketReplicationCommand(p))).ReplicationConfiguration),
      ["ReplicationConfigurationNotFoundError"],
      "s3:GetReplicationConfiguration",
    ),
    encryptionRead,
  ]);
  const reads = [versioning, objectLock, ownershipRead, requestPayment, policy, replication];
  // The six reads run in parallel instead of a HeadBucket first: one round trip less on the critical path.
  if (reads.some((r) => r.status === "error" && r.code === "NoSuchBucket")) return { status: "absent" };
  const ownership = ownershipRead.status === "found" ? ownershipOf(ownershipRead.value) : ownershipRead;
  return {
    status: "found",
    value: { versioning, objectLock, ownership, requestPayment, policy, replication, ...(encryption ? { encryption } : {}) },
  };
}

/** Tags a failing IAM call with the permission it needs, so the role read can name it. */
async function needs<T>(permission: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw Object.assign(err as object, { lockbridgePermission: permission });
  }
}

async function listInline(iam: IAMClient, RoleName: string): Promise<string[]> {
  const names: string[] = [];
  let Marker: string | undefined;
  do {
    const page = await iam.send(new ListRolePoliciesCommand({ RoleName, Marker }));
    names.push(...(page.PolicyNames ?? []));
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return names;
}

async function listAttached(iam: IAMClient, RoleName: string): Promise<string[]> {
  const arns: string[] = [];
  let Marker: string | undefined;
  do {
    const page = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker }));
    arns.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? "").filter(Boolean));
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return arns;
}

/** A managed policy's default version; null when unreadable (the plan warns that it was not counted). */
async function attachedDocument(iam: IAMClient, PolicyArn: string): Promise<PolicyDocument | null> {
  try {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy?.DefaultVersionId }));
    return decodeIamDocument(PolicyVersion?.Document);
  } catch {
    return null;
  }
}

/** Like Promise.all, but waits for every call to finish; then throws the first error in order, if any. */
async function allOrFirstError<T extends readonly unknown[]>(calls: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(calls);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

export async function readRole(iam: IAMClient, RoleName: string): Promise<Read<RoleState>> {
  try {
    // GetRole and both listings take only the name: run them together.
    // Settle all three before deciding, so a missing role (all fail) leaves no call still in flight.
    const [{ Role }, inlineNames, attachedArns] = await allOrFirstError([
      needs("iam:GetRole", iam.send(new GetRoleCommand({ RoleName }))),
      needs("iam:ListRolePolicies", listInline(iam, RoleName)),
      needs("iam:ListAttachedRolePolicies", listAttached(iam, RoleName)),
    ] as const);
    // The boundary caps what the role may do, so the permission simulation needs its document too.
    const boundaryArn = Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    const [inline, attached, boundary] = await Promise.all([
      Promise.all(
        inlineNames.map(async (PolicyName) => {
          const out = await needs("iam:GetRolePolicy", iam.send(new GetRolePolicyCommand({ RoleName, PolicyName })));
          return [PolicyName, decodeIamDocument(out.PolicyDocument)] as const;
        }),
      ),
      Promise.all(attachedArns.map(async (arn) => ({ arn, document: await attachedDocument(iam, arn) }))),
      boundaryArn ? attachedDocument(iam, boundaryArn) : Promise.resolve(undefined),
    ]);
    if (!Role) return { status: "absent" };
    const state = roleStateOf(Role, Object.fromEntries(inline), attached);
    return { status: "found", value: boundaryArn ? { ...state, permissionsBoundaryDocument: boundary ?? null } : state };
  } catch (err) {
    if (isNotFound(err, "NoSuchEntity", "NoSuchEntityException")) return { status: "absent" };
    const f = toFailure(err);
    const permission = (err as { lockbridgePermission?: string }).lockbridgePermission;
    return {
      status: "error",
      code: f.code,
      message: f.message,
      ...(permission && isAccessDenied(err) ? { missingPermission: permission } : {}),
    };
  }
}

export async function readKey(kms: KMSClient, KeyId: string): Promise<Read<KeyState>> {
  // The input holds a full key ARN (schema), so the policy read need not wait for DescribeKey.
  const [meta, policy] = await Promise.all([
    readAs(async () => (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata, ["NotFoundException"], "kms:DescribeKey"),
    readAs(
      async () => parsePolicy((await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: "default" }))).Policy),
      ["NotFoundException"],
      "kms:GetKeyPolicy",
    ),
  ]);
  return meta.status === "found" ? { status: "found", value: keyStateOf(meta.value, policy) } : meta;
}

export type DiscoverOptions = {
  /** Clients per reachable account (the orchestrator reuses one set per run); built from the input otherwise. */
  clients?: SideClients;
  hooks?: CallHooks;
};

/** Everything ObservedState needs, both accounts in parallel. */
export async function discover(input: WizardInput, opts: DiscoverOptions = {}): Promise<ObservedState> {
  const own = opts.clients === undefined;
  const clients = opts.clients ?? sideClients(input, opts.hooks);
  try {
    const t = discoveryTargets(input);
    const { source, destination } = input.accounts;
    const src = clients.source;
    const dst = clients.destination;
    const kms = input.encryption.mode === "sse-kms";
    const [sourceBucket, destinationBucket, role, sourceKey, destinationKey] = await Promise.all([
      src ? readBucket(src.s3, t.sourceBucket, source.accountId, { encryption: true }) : UNKNOWN,
      dst ? readBucket(dst.s3, t.destinationBucket, destination.accountId) : UNKNOWN,
      src ? readRole(src.iam, t.roleName) : UNKNOWN,
      kms && t.sourceKeyArn ? (src ? readKey(src.kms, t.sourceKeyArn) : UNKNOWN) : undefined,
      kms && t.destinationKeyArn ? (dst ? readKey(dst.kms, t.destinationKeyArn) : UNKNOWN) : undefined,
    ]);
    return {
      source: sourceBucket,
      destination: destinationBucket,
      role,
      ...(sourceKey ? { sourceKey } : {}),
      ...(destinationKey ? { destinationKey } : {}),
    };
  } finally {
    if (own) destroyClients(clients);
  }
}
