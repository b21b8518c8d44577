// Plan data model. A Plan is plain serializable data: the UI shows it, approval hashes it, apply executes
// it change by change without deciding anything (docs/architecture.md, habit 1).
import type { WizardInput } from "../schema/wizard";
import type { BatchPlan } from "./batch";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An IAM, S3 or KMS policy document as AWS stores it (Statement may be one object or an array). */
export type PolicyDocument = JsonObject;
/** S3 VersioningConfiguration as the API takes it. */
export type VersioningConfiguration = { Status: "Enabled" | "Suspended" };
export type RetentionMode = "GOVERNANCE" | "COMPLIANCE";
/** Exactly one of Days / Years, as S3 requires. */
export type DefaultRetention = { Mode: RetentionMode; Days?: number; Years?: number };
/** S3 ObjectLockConfiguration as the API takes it; no Rule means "no default retention". */
export type ObjectLockConfiguration = { ObjectLockEnabled: "Enabled"; Rule?: { DefaultRetention: DefaultRetention } };
/**
 * S3 ReplicationConfiguration as the API takes it (PascalCase fields). Rules stay plain JSON objects:
 * foreign rules are carried through unchanged, and lib/aws converts them field by field when sending.
 */
export type ReplicationConfiguration = { Role: string; Rules: JsonObject[] };
/** CreateRole's input: the new role and its trust policy. */
export type CreateRoleDocument = { RoleName: string; Path: string; AssumeRolePolicyDocument: PolicyDocument; Description: string };
/** The trust policy of an existing role (UpdateAssumeRolePolicy). */
export type TrustPolicyDocument = { RoleName: string; PolicyDocument: PolicyDocument };
/** One inline policy of a role (PutRolePolicy / DeleteRolePolicy). */
export type InlinePolicyDocument = { RoleName: string; PolicyName: string; PolicyDocument: PolicyDocument };
/** What hangs on a role: IAM refuses DeleteRole while any policy is left on it. */
export type RoleAttachments = { RoleName: string; InlinePolicies: string[]; AttachedPolicies: string[] };

export type AccountSide = "source" | "destination";

/** The steps of a one-source plan. */
export type BaseChangeId =
  | "destination.versioning"
  | "destination.objectLock"
  | "source.role"
  | "source.rolePolicy"
  | "destination.keyPolicy"
  | "destination.bucketPolicy"
  | "source.versioning"
  | "source.replication";

/**
 * A change's id, unique within its plan. A plan of several sources scopes each step by what it writes
 * ("<account>/<bucket>:source.role", "vault:destination.bucketPolicy"), so progress, resume and the
 * audit log name the source; a one-source plan uses the bare step.
 */
export type ChangeId = BaseChangeId | `${string}:${BaseChangeId}`;

/**
 * What each action's `before` / `after` hold. `after` is what the AWS layer sends (null for a delete:
 * nothing is left); `before` is what is live now (null when nothing exists yet or the state is unknown).
 * Kinds compare normalized documents. Adding an action: docs/adding-an-action.md.
 * - PutBucketVersioning: after { Status: "Enabled" }; before { Status } or null (never enabled).
 * - PutObjectLockConfiguration: after/before the ObjectLockConfiguration; before null when Object Lock is off.
 * - CreateRole: after { RoleName, Path, AssumeRolePolicyDocument, Description }; before null.
 * - UpdateAssumeRolePolicy: after/before { RoleName, PolicyDocument } (trust policy of an existing role).
 * - PutRolePolicy: after/before { RoleName, PolicyName, PolicyDocument }; before null when the inline policy is new.
 *   A no-op PutRolePolicy may have after === before === null (existing policies already grant everything).
 * - PutKeyPolicy: after/before the whole key policy document (policy name "default"); target = key ARN.
 * - PutBucketPolicy: after/before the whole bucket policy document; target = bucket name.
 * - PutBucketReplication: after/before the whole ReplicationConfiguration { Role, Rules }; target = bucket name.
 * - DeleteBucketPolicy / DeleteBucketReplication: before the live document (null: already gone); after null.
 * - DeleteRolePolicy: before the live inline policy (null: already gone); after null; target = role name,
 *   `policyName` the policy to delete.
 * - DeleteRole: before what is still attached to the role (null: already gone); after null; target = role name.
 * The delete actions only appear in rollback plans (restoring "did not exist").
 */
export type ChangeDocuments = {
  PutBucketVersioning: { before: VersioningConfiguration | null; after: VersioningConfiguration };
  PutObjectLockConfiguration: { before: ObjectLockConfiguration | null; after: ObjectLockConfiguration };
  CreateRole: { before: null; after: CreateRoleDocument };
  UpdateAssumeRolePolicy: { before: TrustPolicyDocument | null; after: TrustPolicyDocument };
  PutRolePolicy: { before: InlinePolicyDocument | null; after: InlinePolicyDocument | null };
  PutKeyPolicy: { before: PolicyDocument | null; after: PolicyDocument };
  PutBucketPolicy: { before: PolicyDocument | null; after: PolicyDocument };
  PutBucketReplication: { before: ReplicationConfiguration | null; after: ReplicationConfiguration };
  DeleteBucketPolicy: { before: PolicyDocument | null; after: null };
  DeleteBucketReplication: { before: ReplicationConfiguration | null; after: null };
  DeleteRolePolicy: { before: InlinePolicyDocument | null; after: null; policyName: string };
  DeleteRole: { before: RoleAttachments | null; after: null };
};

export type ChangeAction = keyof ChangeDocuments;

/** delete: the thing exists and the change removes it (rollback of something Lockbridge created). */
export type ChangeKind = "create" | "update" | "delete" | "no-op";

type ChangeBase = {
  id: ChangeId;
  account: AccountSide;
  /** The 12-digit account the call runs in (also the ExpectedBucketOwner of bucket calls). */
  accountId: string;
  region: string;
  /** Bucket name, role name or key ARN. */
  target: string;
  kind: ChangeKind;
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
  /**
   * The write replaces or deletes a document wholesale (rollback): the last-moment guard then refuses
   * unless the live document is still exactly `before`, instead of checking foreign content only.
   */
  exactBefore?: boolean;
  /** Principals in our statements that this change removes on purpose (e.g. orphaned unique IDs). */
  dropsPrincipals?: string[];
  description: string;
};

/** One change of `action`, with that action's typed `before` / `after`. */
export type ChangeOf<A extends ChangeAction> = ChangeBase & { action: A } & ChangeDocuments[A];
export type Change = { [A in ChangeAction]: ChangeOf<A> }[ChangeAction];
/** A change before kind and dependencies are derived (what the builders write). */
export type ChangeDraft = { [A in ChangeAction]: Omit<ChangeOf<A>, "kind" | "dependsOn"> }[ChangeAction];

export type PlanProblem = { path: string; message: string };
/** danger: shown in red on Review (a confirmed but dangerous choice, e.g. weaker retention). */
export type PlanWarning = { path?: string; message: string; danger?: boolean };

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
   * Optional S3 Batch Replication job for existing objects, present when the input asks for it.
   * Not a Change and not in the fingerprint: it runs after apply, on its own button, in the source account.
   */
  batch?: BatchPlan;
};
