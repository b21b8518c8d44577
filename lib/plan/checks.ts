// Checks on what discovery saw and what the user chose: each message says what is wrong and
// the fix. Errors block apply; warnings are shown on review.
import type { WizardInput } from "../schema/wizard";
import { arnAccount } from "../schema/primitives";
import { isObject, statementsOf, stringList } from "./canonical";
import { globMatch } from "./coverage";
import type { KeyState, ObservedState, Read } from "./observed";
import { liveOf, type Notes } from "./live";
import { BUCKET_VERSIONING_ACTIONS, destinationKeyActions, REPLICATE_ACTIONS, SOURCE_OBJECT_ACTIONS } from "./render/policies";
import type { Change, Json, PlanNames } from "./types";

/**
 * A Deny whose only condition is "not over TLS" (Bool aws:SecureTransport false) never matches a
 * replication request: S3 replicates over TLS. Such a statement is the usual vault hardening, not a problem.
 */
function onlyDeniesPlainHttp(st: { [k: string]: Json }): boolean {
  const c = st.Condition;
  if (!isObject(c) || Object.keys(c).length === 0) return false;
  return Object.entries(c).every(([op, keys]) => {
    if ((op !== "Bool" && op !== "BoolIfExists") || !isObject(keys)) return false;
    return Object.entries(keys).every(
      ([k, v]) =>
        k.toLowerCase() === "aws:securetransport" && stringList(v).every((x) => x.toLowerCase() === "false") && stringList(v).length > 0,
    );
  });
}

/** Deny statements that could block `actions` for the role (principal "*", the role or its account). */
export function blockingDenies(policy: Json | null, actions: string[], roleArn: string): string[] {
  const account = arnAccount(roleArn) ?? "";
  return statementsOf(policy).flatMap((st, i) => {
    if (!isObject(st) || st.Effect !== "Deny" || onlyDeniesPlainHttp(st)) return [];
    const p = st.Principal;
    const principals = p === "*" ? ["*"] : isObject(p) ? stringList(p.AWS) : [];
    const hitsRole = principals.some((x) => x === "*" || x === roleArn || x === account || x.endsWith(`:${account}:root`));
    const hitsAction = stringList(st.Action).some((a) => actions.some((x) => globMatch(a, x, true)));
    return hitsRole && hitsAction ? [typeof st.Sid === "string" ? st.Sid : `#${i}`] : [];
  });
}

function bucketExists(read: Read<unknown>, path: string, bucket: string, accountId: string, notes: Notes): void {
  if (read.status === "absent")
    notes.errors.push({ path, message: `Bucket ${bucket} does not exist in account ${accountId} (Lockbridge does not create buckets).` });
  else liveOf(read, `bucket ${bucket}`, path, notes);
}

function keyChecks(key: KeyState | null, label: "source" | "destination", region: string, notes: Notes): void {
  if (!key) return;
  const path = `encryption.${label}KeyArn`;
  if (label === "destination" && key.keyManager === "AWS") {
    notes.errors.push({
      path,
      message: "This is an AWS managed key: its key policy cannot allow a role in another account. Use a customer managed key.",
    });
  }
  if (key.keyState !== "Enabled")
    notes.errors.push({ path, message: `The ${label} key is ${key.keyState}; S3 can only use an Enabled key.` });
  if (key.keySpec !== "SYMMETRIC_DEFAULT" || key.keyUsage !== "ENCRYPT_DECRYPT") {
    notes.errors.push({
      path,
      message: `S3 needs a symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT); this key is ${key.keySpec}/${key.keyUsage}.`,
    });
  }
  if (key.region !== region)
    notes.errors.push({ path, message: `The ${label} key is in ${key.region}; S3 needs a key in the bucket's Region ${region}.` });
}

export function observedChecks(input: WizardInput, observed: ObservedState, names: PlanNames, notes: Notes): void {
  const { source, destination } = input.accounts;
  bucketExists(observed.source, "accounts.source.bucket", source.bucket, source.accountId, notes);
  bucketExists(observed.destination, "accounts.destination.bucket", destination.bucket, destination.accountId, notes);
  const dst = observed.destination.status === "found" ? observed.destination.value : undefined;
  const src = observed.source.status === "found" ? observed.source.value : undefined;
  if (dst) {
    const ownership = liveOf(dst.ownership, "ownership controls", "destination.ownership", notes, false).value;
    if (!input.rule.ownerOverride && ownership !== "BucketOwnerEnforced") {
      notes.warnings.push({
        path: "rule.ownerOverride",
        message:
          "Without owner override, replicas stay owned by the source account and the vault account may not be able to read them. Turn on owner override, or set the destination to Bucket owner enforced.",
      });
    }
    if (liveOf(dst.requestPayment, "request payment", "destination.requestPayment", notes, false).value === "Requester") {
      notes.warnings.push({
        path: "accounts.destination.bucket",
        message: "The destination bucket is Requester Pays; replication into it fails. Turn Requester Pays off on the vault.",
      });
    }
    const policy = dst.policy.status === "found" ? dst.policy.value : null;
    const actions = [...REPLICATE_ACTIONS, ...BUCKET_VERSIONING_ACTIONS];
    for (const sid of blockingDenies(policy, actions, names.roleArn)) {
      notes.warnings.push({
        path: "destination.bucketPolicy",
        message: `Deny statement ${sid} in the destination bucket policy may block replication; review its conditions.`,
      });
    }
  }
  if (src) {
    const enc = liveOf(src.encryption, `the default encryption of ${source.bucket}`, "source.encryption", notes, false).value;
    if (enc && enc.algorithm.startsWith("aws:kms") && input.encryption.mode === "none") {
      notes.errors.push({
        path: "encryption.mode",
        message: `New objects in ${source.bucket} are encrypted with SSE-KMS by default (${enc.algorithm}${enc.kmsKeyId ? `, key ${enc.kmsKeyId}` : ""}). S3 replicates SSE-KMS objects only when the rule selects them, so with this plan those objects would silently never replicate. Choose SSE-KMS on the Encryption step (the source key and a key in the vault account).`,
      });
    }
    if (src.sseKmsObjectsPresent && input.encryption.mode === "none") {
      notes.warnings.push({
        path: "encryption.mode",
        message: "The source bucket holds SSE-KMS objects; without SSE-KMS selection S3 silently skips them. Choose SSE-KMS.",
      });
    }
    const policy = src.policy.status === "found" ? src.policy.value : null;
    for (const sid of blockingDenies(policy, SOURCE_OBJECT_ACTIONS, names.roleArn)) {
      notes.warnings.push({
        path: "source.policy",
        message: `Deny statement ${sid} in the source bucket policy may block the replication role.`,
      });
    }
  }
  const role = observed.role.status === "found" ? observed.role.value : undefined;
  if (role?.permissionsBoundary) {
    notes.warnings.push({
      path: "role",
      message: `Role ${role.roleName} has permissions boundary ${role.permissionsBoundary}; replication actions it does not allow are denied.`,
    });
  }
  if (role && input.role.mode === "create" && role.path !== input.role.path) {
    notes.warnings.push({
      path: "role.path",
      message: `Role ${role.roleName} already exists with path ${role.path}; its existing ARN ${role.arn} is used.`,
    });
  }
  if (input.encryption.mode === "sse-kms") {
    keyChecks(observed.sourceKey?.status === "found" ? observed.sourceKey.value : null, "source", source.region, notes);
    const key = observed.destinationKey?.status === "found" ? observed.destinationKey.value : null;
    keyChecks(key, "destination", destination.region, notes);
    const kp = key?.policy.status === "found" ? key.policy.value : null;
    for (const sid of blockingDenies(kp, destinationKeyActions(input.encryption.bucketKeys), names.roleArn)) {
      notes.warnings.push({
        path: "destination.keyPolicy",
        message: `Deny statement ${sid} in the key policy may block encrypting replicas.`,
      });
    }
  }
}

export function inputWarnings(input: WizardInput, changes: Change[], notes: Notes): void {
  const { rule } = input;
  const retention = input.objectLock.retention;
  if (changes.some((c) => c.id === "destination.objectLock" && c.kind !== "no-op")) {
    notes.warnings.push({
      path: "objectLock",
      message: "Object Lock can never be turned off again, and versioning on the vault can never be suspended.",
    });
  }
  if (retention.enabled && retention.mode === "COMPLIANCE") {
    notes.warnings.push({
      path: "objectLock.retention.mode",
      message: `COMPLIANCE retention: every new object version is undeletable by anyone, root included, for ${retention.value} ${retention.unit.toLowerCase()}.`,
    });
  }
  if (rule.storageClass === "GLACIER" || rule.storageClass === "DEEP_ARCHIVE") {
    notes.warnings.push({
      path: "rule.storageClass",
      message: `${rule.storageClass} replicas must be restored before they can be read, and have a minimum storage duration.`,
    });
  }
  if (rule.storageClass === "REDUCED_REDUNDANCY") {
    notes.warnings.push({
      path: "rule.storageClass",
      message: "REDUCED_REDUNDANCY is not recommended by AWS; STANDARD costs less in most Regions.",
    });
  }
  if (rule.deleteMarkerReplication) {
    notes.warnings.push({
      path: "rule.deleteMarkerReplication",
      message: "Delete markers will be replicated: a delete in the source then hides the object in the vault too (versions stay locked).",
    });
  }
  if (rule.status === "Disabled")
    notes.warnings.push({ path: "rule.status", message: "The rule is Disabled: nothing will be replicated until it is enabled." });
}
