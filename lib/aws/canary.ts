import "server-only";
// Verify: upload a small canary object that the rule covers, poll its ReplicationStatus (one
// HeadObject per check, the UI decides how often), then read the replica with the destination account's
// credentials: REPLICA, Object Lock mode and retain-until date, KMS key. The verdict is honest about what
// was observed: no status is "no rule matched" (and we say which condition failed), never "success".
import {
  GetBucketReplicationCommand,
  GetObjectLockConfigurationCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { WizardInput } from "@/lib/schema/wizard";
import { isObject } from "@/lib/plan/canonical";
import type { Json } from "@/lib/plan/types";
import { plain } from "./adapters";
import { isNotFound, toFailure } from "./errors";
import type { WriteEvent } from "./execute";

export const CANARY_FOLDER = "lockbridge-canary/";

export type Retention = { mode: "GOVERNANCE" | "COMPLIANCE"; days?: number; years?: number };
export type RetentionNotice = {
  retention: Retention | null;
  source: "live" | "planned" | "unknown";
  retainUntilIfNow: string | null;
  readError?: string;
};
export type CanaryTarget = { bucket: string; key: string; versionId?: string; uploadedAt: string; retainUntilAtLeast: string | null };
export type ReplicaView = {
  status?: string;
  versionId?: string;
  lockMode?: string;
  retainUntil?: string;
  legalHold?: string;
  sse?: string;
  kmsKeyId?: string;
};
export type CanaryCheck = {
  /** waiting: keep polling. The others are final. */
  state: "waiting" | "no-status" | "pending" | "failed" | "completed";
  done: boolean;
  status: string | null;
  elapsedMs: number;
  message: string;
  reasons: string[];
  replica?: ReplicaView;
  checks?: { ok: boolean; text: string }[];
};

/** Under the rule's prefix when it filters on one, so the rule covers the canary. */
export function canaryKey(input: WizardInput, now: Date, nonce: string): string {
  const { scope, prefix } = input.rule;
  const base = scope === "prefix" || scope === "prefix-tags" ? prefix : "";
  return `${base}${CANARY_FOLDER}${now.toISOString().replace(/[:.]/g, "-")}-${nonce}.txt`;
}

/** x-amz-tagging with the rule's tags when it filters on tags (URL-encoded key=value pairs). */
export function canaryTagging(input: WizardInput): string | undefined {
  const { scope, tags } = input.rule;
  if (scope !== "tags" && scope !== "prefix-tags") return undefined;
  return tags.map((t) => `${encodeURIComponent(t.key)}=${encodeURIComponent(t.value)}`).join("&");
}

/** Default retention runs from the replica's creation: Days are 24-hour days, Years calendar years. */
export function retainUntil(from: Date, r: Retention): Date {
  const d = new Date(from.getTime());
  if (r.years) d.setUTCFullYear(d.getUTCFullYear() + r.years);
  if (r.days) d.setTime(d.getTime() + r.days * 86_400_000);
  return d;
}

/** The vault's default retention (live with destination credentials, else as planned). */
export async function retentionNotice(input: WizardInput, destination: S3Client | undefined, now: Date): Promise<RetentionNotice> {
  const planned = input.objectLock.retention;
  const fallback: Retention | null = planned.enabled
    ? { mode: planned.mode, [planned.unit === "Days" ? "days" : "years"]: planned.value }
    : null;
  const notice = (retention: Retention | null, source: RetentionNotice["source"], readError?: string): RetentionNotice => ({
    retention,
    source,
    retainUntilIfNow: retention ? retainUntil(now, retention).toISOString() : null,
    ...(readError ? { readError } : {}),
  });
  if (!destination) return notice(fallback, fallback ? "planned" : "unknown");
  const d = input.accounts.destination;
  try {
    const out = await destination.send(new GetObjectLockConfigurationCommand({ Bucket: d.bucket, ExpectedBucketOwner: d.accountId }));
    const r = out.ObjectLockConfiguration?.Rule?.DefaultRetention;
    return notice(r?.Mode ? { mode: r.Mode, ...(r.Days ? { days: r.Days } : {}), ...(r.Years ? { years: r.Years } : {}) } : null, "live");
  } catch (err) {
    if (isNotFound(err, "ObjectLockConfigurationNotFoundError")) return notice(null, "live");
    const f = toFailure(err);
    return notice(fallback, fallback ? "planned" : "unknown", `${f.code}: ${f.message}`);
  }
}

/** PutObject of the canary in the source bucket, audited through onWrite. */
export async function uploadCanary(
  input: WizardInput,
  source: S3Client,
  opts: { now?: Date; nonce?: string; retention?: Retention | null; onWrite?: (e: WriteEvent) => void } = {},
): Promise<CanaryTarget> {
  const now = opts.now ?? new Date();
  const s = input.accounts.source;
  const key = canaryKey(input, now, opts.nonce ?? Math.random().toString(36).slice(2, 10));
  const kms: { ServerSideEncryption?: "aws:kms"; SSEKMSKeyId?: string } =
    input.encryption.mode === "sse-kms" ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: input.encryption.sourceKeyArn } : {};
  const tagging = canaryTagging(input);
  const after: Json = {
    Bucket: s.bucket,
    Key: key,
    ...(tagging ? { Tagging: tagging } : {}),
    ...(kms.SSEKMSKeyId ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: kms.SSEKMSKeyId } : {}),
  };
  const event = (e: Pick<WriteEvent, "result" | "requestId" | "error">) =>
    opts.onWrite?.({
      when: new Date().toISOString(),
      account: "source",
      accountId: s.accountId,
      api: "PutObject",
      target: `${s.bucket}/${key}`,
      before: null,
      after,
      ...e,
    });
  try {
    const out = await source.send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: key,
        Body: `Lockbridge canary written ${now.toISOString()} to prove replication into ${input.accounts.destination.bucket}.\n`,
        ContentType: "text/plain",
        ExpectedBucketOwner: s.accountId,
        Tagging: tagging,
        ...kms,
      }),
    );
    event({ result: "ok", requestId: out.$metadata.requestId });
    return {
      bucket: s.bucket,
      key,
      versionId: out.VersionId,
      uploadedAt: now.toISOString(),
      retainUntilAtLeast: opts.retention ? retainUntil(now, opts.retention).toISOString() : null,
    };
  } catch (err) {
    const f = toFailure(err);
    event({ result: "error", requestId: f.requestId, error: { code: f.code, message: f.message } });
    throw err;
  }
}

export const FAILED_CAUSES = [
  "Permissions: the replication role lacks s3:GetObjectVersionForReplication (source) or s3:ReplicateObject (destination), or the destination bucket policy does not allow the role.",
  "KMS: the role cannot kms:Decrypt with the source key or kms:Encrypt / kms:GenerateDataKey with the replica key, or the destination key policy does not name the role.",
  "Object Lock: the destination lost versioning or Object Lock, or the role lacks s3:GetObjectRetention / s3:GetObjectLegalHold on the source.",
  "Ownership: with owner override the role needs s3:ObjectOwnerOverrideToBucketOwner and the bucket policy must allow it; without it the vault cannot read replicas owned by the source account.",
  "An SCP or RCP in either organization may deny a replication action: Lockbridge cannot see those.",
];

const tagsOf = (f: Record<string, Json>): { Key: string; Value: string }[] => {
  const and = isObject(f.And) ? f.And : undefined;
  const list = and?.Tags ?? (f.Tag ? [f.Tag] : []);
  return (Array.isArray(list) ? list : []).filter(isObject).map((t) => ({ Key: String(t.Key), Value: String(t.Value) }));
};

/** Why S3 set no replication status on the canary, from the live replication configuration. */
export async function explainNoStatus(input: WizardInput, source: S3Client, key: string, _sandbox: boolean): Promise<string[]> {
  const s = input.accounts.source;
  let rules: Record<string, Json>[];
  try {
    const out = await source.send(new GetBucketReplicationCommand({ Bucket: s.bucket, ExpectedBucketOwner: s.accountId }));
    rules = (plain<{ Rules?: Json[] }>(out.ReplicationConfiguration).Rules ?? []).filter(isObject);
  } catch (err) {
    if (isNotFound(err, "ReplicationConfigurationNotFoundError"))
      return [`${s.bucket} has no replication configuration: apply the plan first.`];
    const f = toFailure(err);
    return [`The replication configuration of ${s.bucket} could not be read (${f.code}: ${f.message}).`];
  }
  const id = input.rule.ruleId;
  const rule = rules.find((r) => r.ID === id);
  if (!rule) return [`Rule ${id} is not in the replication configuration of ${s.bucket}: apply the plan first.`];
  const out: string[] = [];
  if (rule.Status !== "Enabled") out.push(`Rule ${id} is disabled: enable it in the Replication rule step and apply.`);
  const filter = isObject(rule.Filter) ? rule.Filter : {};
  const prefix = String((isObject(filter.And) ? filter.And.Prefix : filter.Prefix) ?? rule.Prefix ?? "");
  if (!key.startsWith(prefix)) out.push(`Rule ${id} only covers keys starting with "${prefix}"; the canary key is "${key}".`);
  const sent = new URLSearchParams(canaryTagging(input) ?? "");
  const missing = tagsOf(filter).filter((t) => sent.get(t.Key) !== t.Value);
  if (missing.length > 0)
    out.push(`Rule ${id} requires the tags ${missing.map((t) => `${t.Key}=${t.Value}`).join(", ")}, which the canary does not carry.`);
  const selection = isObject(rule.SourceSelectionCriteria) ? rule.SourceSelectionCriteria : {};
  if (
    input.encryption.mode === "sse-kms" &&
    !(isObject(selection.SseKmsEncryptedObjects) && selection.SseKmsEncryptedObjects.Status === "Enabled")
  ) {
    out.push(`The canary is SSE-KMS encrypted but rule ${id} does not select SSE-KMS objects, so S3 skips it.`);
  }
  if (out.length === 0) {
    out.push(
      `Rule ${id} is enabled and covers the canary, yet no replication status was set. S3 sets PENDING when the object is written; check that versioning is enabled on ${s.bucket} and that the rule was in place before the upload.`,
    );
  }
  return [...out];
}

const isCompleted = (status: string | null) => status === "COMPLETED" || status === "COMPLETE";

/** The replica, read with the destination account's credentials (same key and version ID as the source). */
async function readReplica(
  input: WizardInput,
  destination: S3Client,
  t: CanaryTarget,
): Promise<{ replica: ReplicaView; checks: CanaryCheck["checks"] }> {
  const d = input.accounts.destination;
  const h = await destination.send(
    new HeadObjectCommand({ Bucket: d.bucket, Key: t.key, VersionId: t.versionId, ExpectedBucketOwner: d.accountId }),
  );
  const replica: ReplicaView = {
    status: h.ReplicationStatus,
    versionId: h.VersionId,
    lockMode: h.ObjectLockMode,
    retainUntil: h.ObjectLockRetainUntilDate?.toISOString(),
    legalHold: h.ObjectLockLegalHoldStatus,
    sse: h.ServerSideEncryption,
    kmsKeyId: h.SSEKMSKeyId,
  };
  const checks = [
    { ok: replica.status === "REPLICA", text: `Replica status is ${replica.status ?? "missing"} (expected REPLICA)` },
    {
      ok: !!replica.lockMode || !!replica.legalHold,
      text: replica.lockMode
        ? `Locked in ${replica.lockMode} mode until ${replica.retainUntil ?? "?"}`
        : "No Object Lock retention on the replica (no default retention in the vault)",
    },
  ];
  if (input.encryption.mode === "sse-kms") {
    const want = input.encryption.destinationKeyArn;
    checks.push({ ok: replica.kmsKeyId === want, text: `Encrypted with ${replica.kmsKeyId ?? "no KMS key"} (expected ${want})` });
  }
  return { replica, checks };
}

/** One check: one HeadObject on the source, plus the replica read once the source says COMPLETED. */
export async function checkCanary(
  input: WizardInput,
  clients: { source: S3Client; destination?: S3Client },
  t: CanaryTarget,
  opts: { timeoutMs: number; now?: Date; sandbox?: boolean },
): Promise<CanaryCheck> {
  const s = input.accounts.source;
  const elapsedMs = Math.max(0, (opts.now ?? new Date()).getTime() - Date.parse(t.uploadedAt));
  const timedOut = elapsedMs >= opts.timeoutMs;
  const head = await clients.source.send(
    new HeadObjectCommand({ Bucket: s.bucket, Key: t.key, VersionId: t.versionId, ExpectedBucketOwner: s.accountId }),
  );
  const status = head.ReplicationStatus ?? null;
  const secs = Math.round(opts.timeoutMs / 1000);
  const base = { status, elapsedMs, reasons: [] as string[] };
  if (isCompleted(status)) {
    if (!clients.destination)
      return {
        ...base,
        state: "completed",
        done: true,
        message: "The source reports COMPLETED. The replica was not read: the destination account is plan-only.",
      };
    try {
      const { replica, checks } = await readReplica(input, clients.destination, t);
      return {
        ...base,
        state: "completed",
        done: true,
        replica,
        checks,
        message: "Replicated: the source reports COMPLETED and the replica is in the vault.",
      };
    } catch (err) {
      const f = toFailure(err);
      return {
        ...base,
        state: "completed",
        done: true,
        reasons: [`${f.code}: ${f.message}`],
        message: "The source reports COMPLETED, but the replica could not be read with the destination credentials.",
      };
    }
  }
  if (status === "FAILED")
    return { ...base, state: "failed", done: true, reasons: FAILED_CAUSES, message: "Replication FAILED for the canary. Likely causes:" };
  if (!timedOut)
    return {
      ...base,
      state: "waiting",
      done: false,
      message: status ? `Status ${status}; checking again.` : "No replication status yet; checking again.",
    };
  if (status === "PENDING") {
    return {
      ...base,
      state: "pending",
      done: true,
      reasons: [
        "Replication usually finishes within minutes (15 minutes for 99.99% of objects with Replication Time Control); a PENDING that lasts may also mean a permission or KMS problem.",
        ...FAILED_CAUSES,
      ],
      message: `Still PENDING after ${secs} seconds: not proven yet. Check again later.`,
    };
  }
  return {
    ...base,
    state: "no-status",
    done: true,
    reasons: await explainNoStatus(input, clients.source, t.key, !!opts.sandbox),
    message: `No replication status was observed within ${secs} seconds. S3 sets one at upload when an enabled rule matches the object. What Lockbridge checked:`,
  };
}
