// What discovery read in both accounts. Every item is a Read<T> so the plan can tell "does not exist"
// (absent) from "could not read" (error, e.g. AccessDenied) and from "not read at all" (unknown, plan-only).
import type { WizardInput } from "../schema/wizard";
import type { ObjectLockConfiguration, PolicyDocument, ReplicationConfiguration } from "./types";

export type Read<T> =
  /** Read succeeded and the thing exists; `value` is the decoded document (IAM URL-decoding already done). */
  | { status: "found"; value: T }
  /** Read succeeded and AWS said it does not exist (NoSuchBucketPolicy, NoSuchEntity, ...). */
  | { status: "absent" }
  /** Not read (plan-only access, or not applicable). The plan says "would create (state unknown)". */
  | { status: "unknown" }
  /** Read failed: `code` is the AWS error code, `missingPermission` the action to grant when known. */
  | { status: "error"; code: string; message: string; missingPermission?: string };

export type VersioningStatus = "Enabled" | "Suspended" | "Off";
/** The bucket's default encryption for new objects (GetBucketEncryption, first rule). */
export type BucketEncryption = { algorithm: string; kmsKeyId?: string; bucketKeyEnabled?: boolean };
export type ObjectOwnership = "BucketOwnerEnforced" | "BucketOwnerPreferred" | "ObjectWriter";

export type BucketState = {
  /** GetBucketVersioning: "Off" when the response has no Status (versioning never enabled). */
  versioning: Read<VersioningStatus>;
  /** GetObjectLockConfiguration; absent = ObjectLockConfigurationNotFoundError. Value as the API returns it. */
  objectLock: Read<ObjectLockConfiguration>;
  /** GetBucketOwnershipControls (first rule's ObjectOwnership); absent = OwnershipControlsNotFoundError. */
  ownership: Read<ObjectOwnership>;
  /** GetBucketRequestPayment Payer. */
  requestPayment: Read<"Requester" | "BucketOwner">;
  /** GetBucketPolicy parsed from JSON; absent = NoSuchBucketPolicy. */
  policy: Read<PolicyDocument>;
  /** GetBucketReplication; absent = ReplicationConfigurationNotFoundError. Rules exactly as returned. */
  replication: Read<ReplicationConfiguration>;
  /**
   * Source only: GetBucketEncryption; absent = ServerSideEncryptionConfigurationNotFoundError (no default:
   * S3 then uses SSE-S3). undefined = not read.
   */
  encryption?: Read<BucketEncryption>;
  /** Source only: true when objects encrypted with SSE-KMS were seen (e.g. sampled HeadObject); undefined = not checked. */
  sseKmsObjectsPresent?: boolean;
};

export type RoleState = {
  arn: string;
  roleName: string;
  path: string;
  /** AssumeRolePolicyDocument, URL-decoded and parsed. */
  trust: PolicyDocument;
  /** Inline policies: PolicyName → decoded document. */
  inlinePolicies: Record<string, PolicyDocument>;
  /** Managed policies attached to the role, with the default version's document (null if unreadable). */
  attachedPolicies: { arn: string; document: PolicyDocument | null }[];
  /** Permissions boundary policy ARN, or null. */
  permissionsBoundary: string | null;
  /** The boundary's default-version document, when read (undefined: not read; null: unreadable). Used by diagnostics. */
  permissionsBoundaryDocument?: PolicyDocument | null;
};

export type KeyState = {
  /** DescribeKey KeyMetadata fields. */
  arn: string;
  keyManager: "AWS" | "CUSTOMER";
  keySpec: string;
  keyUsage: string;
  keyState: string;
  region: string;
  /** GetKeyPolicy (policy name "default"), parsed. */
  policy: Read<PolicyDocument>;
};

export type ObservedState = {
  /** absent = NoSuchBucket (Lockbridge never creates buckets). */
  source: Read<BucketState>;
  destination: Read<BucketState>;
  /** The replication role (create: the chosen name; reuse: the named role). absent = NoSuchEntity. */
  role: Read<RoleState>;
  /** Only with SSE-KMS: DescribeKey on encryption.sourceKeyArn (source account). */
  sourceKey?: Read<KeyState>;
  /** Only with SSE-KMS: DescribeKey + GetKeyPolicy on encryption.destinationKeyArn (destination account). */
  destinationKey?: Read<KeyState>;
};

const UNKNOWN = { status: "unknown" } as const;

/** Nothing known (plan-only): every read is "unknown", so every change is "would create (state unknown)". */
export function emptyObserved(input: WizardInput): ObservedState {
  const kms = input.encryption.mode === "sse-kms";
  return {
    source: UNKNOWN,
    destination: UNKNOWN,
    role: UNKNOWN,
    ...(kms ? { sourceKey: UNKNOWN, destinationKey: UNKNOWN } : {}),
  };
}

export function found<T>(r: Read<T> | undefined): T | undefined {
  return r?.status === "found" ? r.value : undefined;
}

/** What discovery must read for this input. */
export function discoveryTargets(input: WizardInput) {
  const role = input.role.mode === "create" ? input.role.roleName : (input.role.role.split("/").pop() ?? input.role.role);
  return {
    sourceBucket: input.accounts.source.bucket,
    destinationBucket: input.accounts.destination.bucket,
    roleName: role,
    sourceKeyArn: input.encryption.mode === "sse-kms" ? input.encryption.sourceKeyArn : undefined,
    destinationKeyArn: input.encryption.mode === "sse-kms" ? input.encryption.destinationKeyArn : undefined,
  };
}
