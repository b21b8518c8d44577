// Plan data model. A Plan is plain serializable data: the UI shows it, approval hashes it, apply executes
// it change by change without deciding anything (ARCHITECTURE habit 1).
import type { WizardInput } from "../schema/wizard";
import type { BatchPlan } from "./batch";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An IAM, S3 or KMS policy document as AWS stores it (Statement may be one object or an array). */
export type PolicyDocument = JsonObject;
/** S3 ObjectLockConfiguration as the API takes it: { ObjectLockEnabled: "Enabled", Rule?: { DefaultRetention } }. */
export type ObjectLockConfiguration = JsonObject;
/** S3 ReplicationConfiguration as the API takes it: { Role, Rules: ReplicationRule[] } (PascalCase fields). */
export type ReplicationConfiguration = { Role: string; Rules: JsonObject[] };

export type AccountSide = "source" | "destination";

export type ChangeId =
  | "destination.versioning"
  | "destination.objectLock"
  | "source.role"
  | "source.rolePolicy"
  | "destination.keyPolicy"
  | "destination.bucketPolicy"
  | "source.versioning"
  | "source.replication";

/**
 * What each action's `before` / `after` hold. `after` is what the AWS layer sends; `before` is what is
 * live now (null when nothing exists yet or the state is unknown). Kinds compare normalized documents.
 * - PutBucketVersioning: after { Status: "Enabled" }; before { Status: "Enabled" | "Suspended" } or null (never enabled).
 * - PutObjectLockConfiguration: after/before the ObjectLockConfiguration object; before null when Object Lock is off.
 * - CreateRole: after { RoleName, Path, AssumeRolePolicyDocument, Description }; before null.
 * - UpdateAssumeRolePolicy: after/before { RoleName, PolicyDocument } (trust policy of an existing role).
 * - PutRolePolicy: after/before { RoleName, PolicyName, PolicyDocument }; before null when the inline policy is new.
 *   A no-op PutRolePolicy may have after === before === null (existing policies already grant everything).
 * - PutKeyPolicy: after/before the whole key policy document (policy name "default"); target = key ARN.
 * - PutBucketPolicy: after/before the whole bucket policy document; target = bucket name.
 * - PutBucketReplication: after/before the whole ReplicationConfiguration { Role, Rules }; target = bucket name.
 */
export type ChangeAction =
  | "PutBucketVersioning"
  | "PutObjectLockConfiguration"
  | "CreateRole"
  | "UpdateAssumeRolePolicy"
  | "PutRolePolicy"
  | "PutKeyPolicy"
  | "PutBucketPolicy"
  | "PutBucketReplication";

export type ChangeKind = "create" | "update" | "no-op";

export type Change = {
  id: ChangeId;
  account: AccountSide;
  /** The 12-digit account the call runs in (also the ExpectedBucketOwner of bucket calls). */
  accountId: string;
  region: string;
  action: ChangeAction;
  /** Bucket name, role name or key ARN. */
  target: string;
  kind: ChangeKind;
  before: Json | null;
  after: Json | null;
  /** Ids of changes (present in the same plan) that must be applied first. */
  dependsOn: ChangeId[];
  /** Can never be undone (Object Lock, versioning on a lock bucket). Apply asks for a typed confirmation. */
  irreversible?: boolean;
  /** Plan-only or unreadable: "would create (state unknown)". Apply must re-read before acting. */
  stateUnknown?: boolean;
  /** IAM is eventually consistent: wait for propagation before dependants run. */
  waitAfter?: "iam-propagation";
  /** Sids / rule IDs that Lockbridge owns in this document; everything else is foreign. */
  ownedIds?: string[];
  /** Sids / rule IDs of foreign content that must survive the write ("#<index>" for statements without Sid). */
  foreignIds?: string[];
  description: string;
};

export type PlanProblem = { path: string; message: string };
export type PlanWarning = { path?: string; message: string };

export type PlanDocumentId = "trust" | "permissions" | "keyPolicy" | "bucketPolicy" | "objectLock" | "replication";
export type PlanDocument = {
  id: PlanDocumentId;
  title: string;
  account: AccountSide;
  changeId: ChangeId;
  before: Json | null;
  after: Json;
  language: "json";
};

/** Identifiers the plan derived from the input (and from discovery, for a reused role). */
export type PlanNames = {
  sourceBucketArn: string;
  destinationBucketArn: string;
  roleName: string;
  rolePath: string;
  roleArn: string;
  rolePolicyName: string;
  ruleId: string;
};

export type Plan = {
  version: 1;
  input: WizardInput;
  names: PlanNames;
  changes: Change[];
  errors: PlanProblem[];
  warnings: PlanWarning[];
  applyable: boolean;
  fingerprint: string;
  observedHashes: Record<string, string>;
  documents: PlanDocument[];
  /** Set when this is one account's half of a plan (handed over to the other account's admin). */
  scope?: AccountSide;
  /**
   * Optional S3 Batch Replication job for existing objects (SPEC §1.9), present when the input asks for it.
   * Not a Change and not in the fingerprint: it runs after apply, on its own button, in the source account.
   */
  batch?: BatchPlan;
};
