// Preflight checks on the two buckets. Severities follow one rule: "error" only when apply cannot succeed
// or replication would not work afterwards and Lockbridge cannot fix it; "warning" when it works but
// something is lost, surprising or irreversible; "info" when apply fixes it (e.g. versioning Off: the
// plan enables it).
import type { WizardInput } from "../../schema/wizard";
import type { BucketState, ObservedState } from "../observed";
import type { Plan } from "../types";
import { diag, evidence, readErrors } from "./evidence";
import type { Diagnostic } from "./types";

type Side = "source" | "destination";

const lockOf = (b: BucketState | undefined) =>
  b?.objectLock.status === "found" && b.objectLock.value.ObjectLockEnabled === "Enabled"
    ? true
    : b?.objectLock.status === "absent"
      ? false
      : undefined;

function versioning(side: Side, bucket: string, b: BucketState): Diagnostic[] {
  const r = b.versioning;
  if (r.status !== "found" || r.value === "Enabled") return [];
  const ev = [evidence("GetBucketVersioning", bucket, r)];
  if (r.value === "Off") {
    return [
      diag(
        `${side}.versioning.off`,
        "info",
        `Versioning has never been enabled on the ${side} bucket ${bucket}. Replication needs it on both buckets; apply enables it${side === "destination" ? " (and it can never be suspended once Object Lock is on)" : ", and from then on every overwrite keeps the old version (storage cost)"}.`,
        "Nothing to do: the plan enables versioning. Review the cost of keeping noncurrent versions (a lifecycle rule can expire them).",
        ev,
      ),
    ];
  }
  const locked = lockOf(b) === true;
  if (side === "destination" && locked) {
    // S3 refuses to suspend versioning on an Object Lock bucket, so this state is not one AWS produces.
    return [
      diag(
        "destination.versioning.suspended-locked",
        "warning",
        `The destination ${bucket} has Object Lock but versioning is Suspended. AWS never allows this state (it is possible in emulators), so what was read is not trustworthy; apply re-enables versioning.`,
        "Check the vault bucket in the S3 console; if it really is Suspended, let apply re-enable versioning before replicating.",
        [...ev, evidence("GetObjectLockConfiguration", bucket, b.objectLock)],
      ),
    ];
  }
  return [
    diag(
      `${side}.versioning.suspended`,
      "warning",
      side === "destination"
        ? `Versioning is Suspended on the destination ${bucket}: someone turned it off on purpose. Apply re-enables it and then enables Object Lock, after which versioning can never be suspended again.`
        : `Versioning is Suspended on the source ${bucket}. Objects written while it is suspended get a null version ID and are not replicated; apply re-enables versioning.`,
      side === "destination"
        ? "Confirm with the vault owner that versioning may be re-enabled for good, then apply."
        : "Confirm with the bucket owner that versioning may be re-enabled. Objects written while suspended need S3 Batch Replication (existing objects step).",
      ev,
      `${side}.versioning`,
    ),
  ];
}

function objectLock(input: WizardInput, plan: Plan, src: BucketState, dst: BucketState | undefined): Diagnostic[] {
  if (lockOf(src) !== true || lockOf(dst) === true) return [];
  const { source, destination } = input.accounts;
  const ev = [
    evidence("GetObjectLockConfiguration", source.bucket, src.objectLock),
    evidence("GetObjectLockConfiguration", destination.bucket, dst?.objectLock),
  ];
  const planned = plan.changes.some((c) => c.id === "destination.objectLock" && c.kind !== "no-op");
  return [
    diag(
      "objectLock.source-only",
      planned ? "info" : "error",
      `The source ${source.bucket} uses Object Lock but the destination ${destination.bucket} does not: S3 replicates objects with retention settings only into an Object Lock bucket.${planned ? " Apply enables Object Lock on the destination." : ""}`,
      planned
        ? "Nothing to do: the plan enables Object Lock on the destination first."
        : "Enable Object Lock on the destination bucket before replicating.",
      ev,
      "objectLock",
    ),
  ];
}

function destinationChecks(input: WizardInput, dst: BucketState): Diagnostic[] {
  const bucket = input.accounts.destination.bucket;
  const out: Diagnostic[] = [];
  if (dst.requestPayment.status === "found" && dst.requestPayment.value === "Requester") {
    out.push(
      diag(
        "destination.requester-pays",
        "error",
        `The destination ${bucket} is a Requester Pays bucket. S3 replication does not support Requester Pays destinations: every replica would fail.`,
        "Turn Requester Pays off on the vault bucket (PutBucketRequestPayment Payer=BucketOwner), or choose another destination.",
        [evidence("GetBucketRequestPayment", bucket, dst.requestPayment, (v) => `Payer ${v}`)],
        "accounts.destination.bucket",
      ),
    );
  }
  const ownership = dst.ownership.status === "found" ? dst.ownership.value : dst.ownership.status === "absent" ? "ObjectWriter" : undefined;
  if (!input.rule.ownerOverride && ownership !== undefined && ownership !== "BucketOwnerEnforced") {
    out.push(
      diag(
        "destination.ownership",
        "warning",
        `Without owner override, replicas in ${bucket} stay owned by the source account (${ownership}), so the vault account may not be able to read them.`,
        "Turn on owner override (AccessControlTranslation), or set the destination's Object Ownership to Bucket owner enforced.",
        [evidence("GetBucketOwnershipControls", bucket, dst.ownership)],
        "rule.ownerOverride",
      ),
    );
  }
  return out;
}

function bucketReads(side: Side, bucket: string, b: BucketState) {
  const r = (key: keyof BucketState, call: string, checks: string) => ({
    id: `${side}.${key}`,
    call,
    target: bucket,
    read: b[key] as BucketState["versioning"],
    checks,
  });
  return readErrors([
    r("versioning", "GetBucketVersioning", `versioning of ${bucket}`),
    r("objectLock", "GetObjectLockConfiguration", `Object Lock of ${bucket}`),
    r("ownership", "GetBucketOwnershipControls", `object ownership of ${bucket}`),
    r("requestPayment", "GetBucketRequestPayment", `Requester Pays on ${bucket}`),
    r("policy", "GetBucketPolicy", `Deny statements in the bucket policy of ${bucket}`),
    r("replication", "GetBucketReplication", `existing replication rules of ${bucket}`),
  ]);
}

export function bucketChecks(input: WizardInput, observed: ObservedState, plan: Plan): Diagnostic[] {
  const out: Diagnostic[] = [];
  const buckets: Partial<Record<Side, BucketState>> = {};
  for (const side of ["source", "destination"] as const) {
    const { bucket, accountId } = input.accounts[side];
    const read = observed[side];
    if (read.status === "found") {
      buckets[side] = read.value;
      out.push(...versioning(side, bucket, read.value), ...bucketReads(side, bucket, read.value));
    } else if (read.status === "absent") {
      out.push(
        diag(
          `${side}.missing`,
          "error",
          `The ${side} bucket ${bucket} does not exist in account ${accountId}. Lockbridge does not create buckets.`,
          "Create the bucket (or correct its name or account), then plan again.",
          [evidence("HeadBucket", bucket, read)],
          `accounts.${side}.bucket`,
        ),
      );
    } else if (read.status === "error") {
      out.push(
        ...readErrors([{ id: side, call: "HeadBucket", target: bucket, read, checks: `anything about the ${side} bucket ${bucket}` }]),
      );
    } else {
      out.push(
        diag(
          `${side}.not-read`,
          "info",
          `Nothing was read in the ${side} account (plan-only): versioning, Object Lock, ownership, Requester Pays and policy checks on ${bucket} did not run.`,
          `Connect to the ${side} account (role or server credentials) to run them, or run them by hand before applying the exported plan.`,
          [evidence("HeadBucket", bucket, read)],
        ),
      );
    }
  }
  const { source: src, destination: dst } = buckets;
  if (src) out.push(...objectLock(input, plan, src, dst));
  if (dst) out.push(...destinationChecks(input, dst));
  if (src?.sseKmsObjectsPresent && input.encryption.mode !== "sse-kms") {
    out.push(
      diag(
        "source.sse-kms-objects",
        "warning",
        `The source ${input.accounts.source.bucket} holds objects encrypted with SSE-KMS. Without SSE-KMS selection in the rule, S3 silently skips them: they never reach the vault.`,
        "Choose SSE-KMS in the Encryption step (source key and a customer managed replica key in the destination account).",
        [`HeadObject (sample of ${input.accounts.source.bucket}) → ServerSideEncryption aws:kms`],
        "encryption.mode",
      ),
    );
  }
  return out;
}
