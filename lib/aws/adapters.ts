import "server-only";
// SDK shapes stop here (docs/architecture.md, habit 9): these functions turn SDK outputs into lib/plan types and
// lib/plan documents into SDK inputs. Nothing outside lib/aws sees an SDK type.
import {
  DeleteMarkerReplicationStatus,
  ExistingObjectReplicationStatus,
  MetricsStatus,
  OwnerOverride,
  ReplicaModificationsStatus,
  ReplicationRuleStatus,
  ReplicationTimeStatus,
  SseKmsEncryptedObjectsStatus,
  StorageClass,
  type Destination,
  type ObjectLockConfiguration as SdkObjectLock,
  type ReplicationConfiguration as SdkReplication,
  type ReplicationRule,
  type ReplicationRuleFilter,
  type ServerSideEncryptionConfiguration,
  type Tag,
} from "@aws-sdk/client-s3";
import type { KeyMetadata } from "@aws-sdk/client-kms";
import type { Role } from "@aws-sdk/client-iam";
import type { BucketEncryption, KeyState, ObjectOwnership, Read, RoleState, VersioningStatus } from "@/lib/plan/observed";
import { isObject } from "@/lib/plan/canonical";
import type {
  DefaultRetention,
  Json,
  JsonObject,
  ObjectLockConfiguration,
  PolicyDocument,
  ReplicationConfiguration,
} from "@/lib/plan/types";
import { isAccessDenied, isNotFound, toFailure } from "./errors";

/**
 * IAM returns every policy document URL-encoded (RFC 3986), e.g. "%7B%22Version%22...": GetRole's
 * AssumeRolePolicyDocument, GetRolePolicy and GetPolicyVersion. S3 and KMS return plain JSON.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
 */
export function decodeIamDocument(encoded: string | undefined): PolicyDocument {
  if (!encoded) return {};
  return parsePolicy(decodeURIComponent(encoded));
}

/** A policy document as S3 / KMS return it: JSON text. */
export function parsePolicy(text: string | undefined): PolicyDocument {
  if (!text) return {};
  const parsed = JSON.parse(text) as Json;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("Policy document is not a JSON object");
  return parsed;
}

/** SDK outputs carry `undefined` members and `$metadata`; documents are compared as plain JSON. */
export function plain<T extends Json>(value: unknown): T {
  const { $metadata: _m, ...rest } = (value ?? {}) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as T;
}

/** GetBucketEncryption's first rule (S3 applies one default to new objects). */
export function encryptionOf(config: ServerSideEncryptionConfiguration | undefined): BucketEncryption {
  const rule = config?.Rules?.[0];
  const d = rule?.ApplyServerSideEncryptionByDefault;
  return {
    algorithm: d?.SSEAlgorithm ?? "AES256",
    ...(d?.KMSMasterKeyID ? { kmsKeyId: d.KMSMasterKeyID } : {}),
    ...(rule?.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: rule.BucketKeyEnabled } : {}),
  };
}

export function versioningOf(status: string | undefined): VersioningStatus {
  return status === "Enabled" || status === "Suspended" ? status : "Off";
}

export function ownershipOf(rules: { ObjectOwnership?: string }[] | undefined): Read<ObjectOwnership> {
  const o = rules?.[0]?.ObjectOwnership;
  return o === "BucketOwnerEnforced" || o === "BucketOwnerPreferred" || o === "ObjectWriter"
    ? { status: "found", value: o }
    : { status: "absent" };
}

/** GetObjectLockConfiguration's answer in our shape (a bucket that answers has Object Lock enabled). */
export function objectLockOf(config: SdkObjectLock | undefined): ObjectLockConfiguration {
  const r = config?.Rule?.DefaultRetention;
  if (!r?.Mode) return { ObjectLockEnabled: "Enabled" };
  const retention: DefaultRetention = {
    Mode: r.Mode,
    ...(r.Days !== undefined ? { Days: r.Days } : {}),
    ...(r.Years !== undefined ? { Years: r.Years } : {}),
  };
  return { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: retention } };
}

export function replicationOf(config: SdkReplication | undefined): ReplicationConfiguration {
  const doc = plain<JsonObject>(config);
  return { Role: typeof doc.Role === "string" ? doc.Role : "", Rules: Array.isArray(doc.Rules) ? doc.Rules.filter(isObject) : [] };
}

/** Our ObjectLockConfiguration already is the SDK input shape. */
export const toSdkObjectLock = (doc: ObjectLockConfiguration): SdkObjectLock => doc;

/**
 * A rule field the SDK cannot send as it is. The SDK's serializer silently drops fields and values it does
 * not model, which would alter a foreign rule; refusing the write is the only safe answer.
 */
export class UnsendableDocument extends Error {
  constructor(at: string, what: string) {
    super(`${at}: ${what}; Lockbridge cannot send it back unchanged, so nothing was written.`);
    this.name = "UnsendableDocument";
  }
}

function fields(v: Json | undefined, at: string, allowed: readonly string[]): JsonObject | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw new UnsendableDocument(at, "expected an object");
  const extra = Object.keys(v).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw new UnsendableDocument(at, `unknown field(s) ${extra.join(", ")}`);
  return v;
}
function text(v: Json | undefined, at: string): string | undefined {
  if (v === undefined || typeof v === "string") return v;
  throw new UnsendableDocument(at, "expected a string");
}
function num(v: Json | undefined, at: string): number | undefined {
  if (v === undefined || typeof v === "number") return v;
  throw new UnsendableDocument(at, "expected a number");
}
function member<T extends string>(values: Record<string, T>, v: Json | undefined, at: string): T | undefined {
  if (v === undefined) return undefined;
  const hit = Object.values(values).find((x) => x === v);
  if (hit === undefined) throw new UnsendableDocument(at, `${JSON.stringify(v)} is not a value this SDK knows`);
  return hit;
}
/** A `{ Status, ...extra }` element; `rest` holds the extra fields for the caller to convert. */
function withStatus<T extends string>(
  values: Record<string, T>,
  v: Json | undefined,
  at: string,
  extra: readonly string[] = [],
): { Status: T | undefined; rest: JsonObject } | undefined {
  const o = fields(v, at, ["Status", ...extra]);
  return o ? { Status: member(values, o.Status, `${at}.Status`), rest: o } : undefined;
}
function status<T extends string>(values: Record<string, T>, v: Json | undefined, at: string): { Status: T | undefined } | undefined {
  const s = withStatus(values, v, at);
  return s ? { Status: s.Status } : undefined;
}
const minutes = (v: Json | undefined, at: string) => {
  const o = fields(v, at, ["Minutes"]);
  return o ? { Minutes: num(o.Minutes, `${at}.Minutes`) } : undefined;
};

function tagOf(v: Json | undefined, at: string): Tag | undefined {
  const o = fields(v, at, ["Key", "Value"]);
  return o ? { Key: text(o.Key, `${at}.Key`), Value: text(o.Value, `${at}.Value`) } : undefined;
}

function filterOf(v: Json | undefined, at: string): ReplicationRuleFilter | undefined {
  const f = fields(v, at, ["Prefix", "Tag", "And"]);
  if (!f) return undefined;
  const and = fields(f.And, `${at}.And`, ["Prefix", "Tags"]);
  const tags = and?.Tags;
  if (tags !== undefined && !Array.isArray(tags)) throw new UnsendableDocument(`${at}.And.Tags`, "expected a list");
  return {
    Prefix: text(f.Prefix, `${at}.Prefix`),
    Tag: tagOf(f.Tag, `${at}.Tag`),
    And: and
      ? {
          Prefix: text(and.Prefix, `${at}.And.Prefix`),
          Tags: tags?.map((t, i) => tagOf(t, `${at}.And.Tags[${i}]`) ?? { Key: undefined, Value: undefined }),
        }
      : undefined,
  };
}

function destinationOf(v: Json | undefined, at: string): Destination | undefined {
  const d = fields(v, at, [
    "Bucket",
    "Account",
    "StorageClass",
    "AccessControlTranslation",
    "EncryptionConfiguration",
    "ReplicationTime",
    "Metrics",
  ]);
  if (!d) return undefined;
  const acl = fields(d.AccessControlTranslation, `${at}.AccessControlTranslation`, ["Owner"]);
  const enc = fields(d.EncryptionConfiguration, `${at}.EncryptionConfiguration`, ["ReplicaKmsKeyID"]);
  const rtc = withStatus(ReplicationTimeStatus, d.ReplicationTime, `${at}.ReplicationTime`, ["Time"]);
  const metrics = withStatus(MetricsStatus, d.Metrics, `${at}.Metrics`, ["EventThreshold"]);
  return {
    Bucket: text(d.Bucket, `${at}.Bucket`),
    Account: text(d.Account, `${at}.Account`),
    StorageClass: member(StorageClass, d.StorageClass, `${at}.StorageClass`),
    AccessControlTranslation: acl ? { Owner: member(OwnerOverride, acl.Owner, `${at}.AccessControlTranslation.Owner`) } : undefined,
    EncryptionConfiguration: enc
      ? { ReplicaKmsKeyID: text(enc.ReplicaKmsKeyID, `${at}.EncryptionConfiguration.ReplicaKmsKeyID`) }
      : undefined,
    ReplicationTime: rtc ? { Status: rtc.Status, Time: minutes(rtc.rest.Time, `${at}.ReplicationTime.Time`) } : undefined,
    Metrics: metrics
      ? { Status: metrics.Status, EventThreshold: minutes(metrics.rest.EventThreshold, `${at}.Metrics.EventThreshold`) }
      : undefined,
  };
}

const RULE_FIELDS = [
  "ID",
  "Priority",
  "Prefix",
  "Filter",
  "Status",
  "SourceSelectionCriteria",
  "ExistingObjectReplication",
  "Destination",
  "DeleteMarkerReplication",
];

function ruleOf(rule: JsonObject, at: string): ReplicationRule {
  const r = fields(rule, at, RULE_FIELDS) ?? {};
  const ssc = fields(r.SourceSelectionCriteria, `${at}.SourceSelectionCriteria`, ["SseKmsEncryptedObjects", "ReplicaModifications"]);
  return {
    ID: text(r.ID, `${at}.ID`),
    Priority: num(r.Priority, `${at}.Priority`),
    Prefix: text(r.Prefix, `${at}.Prefix`),
    Filter: filterOf(r.Filter, `${at}.Filter`),
    Status: member(ReplicationRuleStatus, r.Status, `${at}.Status`),
    SourceSelectionCriteria: ssc
      ? {
          SseKmsEncryptedObjects: status(
            SseKmsEncryptedObjectsStatus,
            ssc.SseKmsEncryptedObjects,
            `${at}.SourceSelectionCriteria.SseKmsEncryptedObjects`,
          ),
          ReplicaModifications: status(
            ReplicaModificationsStatus,
            ssc.ReplicaModifications,
            `${at}.SourceSelectionCriteria.ReplicaModifications`,
          ),
        }
      : undefined,
    ExistingObjectReplication: status(ExistingObjectReplicationStatus, r.ExistingObjectReplication, `${at}.ExistingObjectReplication`),
    Destination: destinationOf(r.Destination, `${at}.Destination`),
    DeleteMarkerReplication: status(DeleteMarkerReplicationStatus, r.DeleteMarkerReplication, `${at}.DeleteMarkerReplication`),
  };
}

/**
 * The SDK input for PutBucketReplication, field by field. Rules are plain JSON (foreign ones exactly as
 * read); every value is checked against what the SDK can serialize, and anything else refuses the write.
 */
export function toSdkReplication(doc: ReplicationConfiguration): SdkReplication {
  return { Role: doc.Role, Rules: doc.Rules.map((r, i) => ruleOf(r, `Rules[${i}]${typeof r.ID === "string" ? ` (rule ${r.ID})` : ""}`)) };
}

export function keyStateOf(meta: KeyMetadata, policy: Read<PolicyDocument>): KeyState {
  return {
    arn: meta.Arn ?? "",
    keyManager: meta.KeyManager === "AWS" ? "AWS" : "CUSTOMER",
    keySpec: meta.KeySpec ?? meta.CustomerMasterKeySpec ?? "",
    keyUsage: meta.KeyUsage ?? "",
    keyState: meta.KeyState ?? "",
    // The ARN's region; DescribeKey has no region field.
    region: (meta.Arn ?? "").split(":")[3] ?? "",
    policy,
  };
}

export function roleStateOf(
  role: Role,
  inlinePolicies: Record<string, PolicyDocument>,
  attachedPolicies: RoleState["attachedPolicies"],
): RoleState {
  return {
    arn: role.Arn ?? "",
    roleName: role.RoleName ?? "",
    path: role.Path ?? "/",
    trust: decodeIamDocument(role.AssumeRolePolicyDocument),
    inlinePolicies,
    attachedPolicies,
    permissionsBoundary: role.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
  };
}

/**
 * One read as a Read<T>: the given "not found" codes mean absent (a state, not an error); anything else
 * is an error naming the permission to grant when it looks like access denied.
 */
export async function readAs<T>(call: () => Promise<T | undefined>, notFound: string[], missingPermission: string): Promise<Read<T>> {
  try {
    const value = await call();
    return value === undefined ? { status: "absent" } : { status: "found", value };
  } catch (err) {
    if (notFound.length > 0 && isNotFound(err, ...notFound)) return { status: "absent" };
    const f = toFailure(err);
    return { status: "error", code: f.code, message: f.message, ...(isAccessDenied(err) ? { missingPermission } : {}) };
  }
}
