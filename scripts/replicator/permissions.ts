// Every permission the sandbox replication engine needs is decided by the same evaluator as Review's
// permission simulation (@cloud-copilot/iam-simulate via lib/plan/diagnostics/engine.ts), so the sandbox
// and Diagnostics cannot disagree. This file lists what S3 asks for one object version, in the order
// S3 does it, and turns the first refusal into S3's failure reason code and a sentence naming the
// policy that is missing an Allow (or the statement that denies).
import { iamSimulateEvaluator } from "../../lib/plan/diagnostics/engine";
import type { EvaluationOutcome, Evaluator } from "../../lib/plan/diagnostics/types";
import type { PolicyDocument } from "../../lib/plan/types";

export type Doc = PolicyDocument;
export type RoleFacts = {
  arn: string;
  exists: boolean;
  trust: Doc | null;
  identity: { name: string; document: Doc }[];
  boundary?: { name: string; document: Doc };
};
export type BucketFacts = { name: string; account: string; region: string; policy: Doc | null };
export type KeyFacts = { arn: string; account: string; region: string; policy: Doc | null };

export type ReplicationFacts = {
  role: RoleFacts;
  source: BucketFacts;
  destination: BucketFacts;
  key: string;
  operation: "object" | "delete-marker";
  hasTags: boolean;
  hasRetention: boolean;
  hasLegalHold: boolean;
  ownerOverride: boolean;
  /** The source version's KMS key (SSE-KMS objects only). */
  sourceKey?: KeyFacts;
  /** ReplicaKmsKeyID of the rule, when set. */
  replicaKey?: KeyFacts;
};

/** S3's replication failure reasons (the failureReason of s3:Replication:OperationFailedReplication events). */
export type FailureCode =
  | "AssumeRoleNotPermitted"
  | "SrcGetObjectNotPermitted"
  | "SrcGetTaggingNotPermitted"
  | "SrcGetRetentionNotPermitted"
  | "SrcGetLegalHoldNotPermitted"
  | "SrcKmsKeyInvalidState"
  | "DstBucketNotFound"
  | "DstBucketUnversioned"
  | "DstBucketObjectLockConfigMissing"
  | "DstKmsKeyNotFound"
  | "DstKmsKeyInvalidState"
  | "DstPutObjectNotPermitted"
  | "DstPutTaggingNotPermitted"
  | "DstDelObjNotPermitted"
  | "InitiateReplicationNotPermitted";
export type Failure = { code: FailureCode; reason: string };

type Side = "source-bucket" | "destination-bucket" | "source-key" | "replica-key";
type Need = { action: string; resource: string; account: string; region: string; side: Side; code: FailureCode; kms?: boolean };

export const S3_SERVICE = "s3.amazonaws.com";

export function needsFor(f: ReplicationFacts): Need[] {
  const src = (action: string, code: FailureCode): Need => ({
    action,
    resource: `arn:aws:s3:::${f.source.name}/${f.key}`,
    account: f.source.account,
    region: f.source.region,
    side: "source-bucket",
    code,
  });
  const dst = (action: string, code: FailureCode): Need => ({
    action,
    resource: `arn:aws:s3:::${f.destination.name}/${f.key}`,
    account: f.destination.account,
    region: f.destination.region,
    side: "destination-bucket",
    code,
  });
  const kms = (k: KeyFacts, action: string, side: Side, code: FailureCode): Need => ({
    action,
    resource: k.arn,
    account: k.account,
    region: k.region,
    side,
    code,
    kms: true,
  });
  if (f.operation === "delete-marker") return [dst("s3:ReplicateDelete", "DstDelObjNotPermitted")];
  const needs: Need[] = [src("s3:GetObjectVersionForReplication", "SrcGetObjectNotPermitted")];
  if (f.hasTags) needs.push(src("s3:GetObjectVersionTagging", "SrcGetTaggingNotPermitted"));
  if (f.hasRetention) needs.push(src("s3:GetObjectRetention", "SrcGetRetentionNotPermitted"));
  if (f.hasLegalHold) needs.push(src("s3:GetObjectLegalHold", "SrcGetLegalHoldNotPermitted"));
  if (f.sourceKey) needs.push(kms(f.sourceKey, "kms:Decrypt", "source-key", "SrcGetObjectNotPermitted"));
  needs.push(dst("s3:ReplicateObject", "DstPutObjectNotPermitted"));
  if (f.hasTags) needs.push(dst("s3:ReplicateTags", "DstPutTaggingNotPermitted"));
  if (f.ownerOverride) needs.push(dst("s3:ObjectOwnerOverrideToBucketOwner", "DstPutObjectNotPermitted"));
  if (f.replicaKey) {
    needs.push(kms(f.replicaKey, "kms:Encrypt", "replica-key", "DstPutObjectNotPermitted"));
    needs.push(kms(f.replicaKey, "kms:GenerateDataKey", "replica-key", "DstPutObjectNotPermitted"));
  }
  return needs;
}

function label(side: Side, f: ReplicationFacts): string {
  if (side === "source-bucket") return `the source bucket policy of ${f.source.name}`;
  if (side === "destination-bucket") return `the destination bucket policy of ${f.destination.name}`;
  return `the key policy of ${side === "source-key" ? f.sourceKey?.arn : f.replicaKey?.arn}`;
}

function resourcePolicy(side: Side, f: ReplicationFacts): Doc | null {
  if (side === "source-bucket") return f.source.policy;
  if (side === "destination-bucket") return f.destination.policy;
  return (side === "source-key" ? f.sourceKey?.policy : f.replicaKey?.policy) ?? null;
}

/** The sentence for a refusal: which policy lacks an Allow, or which statement denies. */
function explain(need: Need, outcome: EvaluationOutcome, f: ReplicationFacts): string {
  const who = `the replication role ${f.role.arn}`;
  if (outcome.kind === "error") return `${need.action} could not be evaluated for ${who}: ${outcome.message}`;
  const resLabel = label(need.side, f);
  if (outcome.result === "ExplicitlyDenied") {
    const by = outcome.explicit
      .map(
        (s) =>
          `${s.policyType === "identity" ? `the role's policy ${s.policyName ?? ""}`.trim() : s.policyType === "pb" ? "the role's permissions boundary" : resLabel}, statement ${s.sid ? `"${s.sid}"` : `#${s.index}`}`,
      )
      .join(" and ");
    return `${need.action} on ${need.resource} is explicitly denied for ${who} by ${by}.`;
  }
  const cross = need.account !== f.source.account;
  const hasPolicy = resourcePolicy(need.side, f) !== null;
  const missing = new Set<string>();
  for (const t of outcome.implicit)
    missing.add(t === "identity" ? "the role's policies" : t === "pb" ? "the role's permissions boundary" : resLabel);
  if ((cross || need.kms) && !hasPolicy) missing.add(need.side.endsWith("bucket") ? `${resLabel} (there is none)` : resLabel);
  if (missing.size === 0) missing.add("the role's policies");
  const list = [...missing];
  const verb = list.length > 1 || list[0]!.includes("policies") ? "do" : "does";
  const both = cross && !need.kms ? " (cross-account: the role's policies and the bucket policy must both allow it)" : "";
  return `${list.join(" and ")} ${verb} not allow ${need.action} for ${who} on ${need.resource}${both}.`;
}

const principalContext = (f: ReplicationFacts, need: Need): Record<string, string> => ({
  "aws:PrincipalArn": f.role.arn,
  "aws:PrincipalAccount": f.source.account,
  "aws:PrincipalType": "AssumedRole",
  "aws:SecureTransport": "true",
  "aws:RequestedRegion": need.region,
  "aws:ResourceAccount": need.account,
  ...(need.kms
    ? {
        "kms:ViaService": `s3.${need.side === "source-key" ? f.source.region : f.destination.region}.amazonaws.com`,
        "kms:CallerAccount": f.source.account,
      }
    : {}),
});

/** Can S3 assume the role? Its trust policy must let s3.amazonaws.com call sts:AssumeRole. */
async function trustFailure(f: ReplicationFacts, evaluate: Evaluator): Promise<Failure | null> {
  if (!f.role.exists)
    return { code: "AssumeRoleNotPermitted", reason: `The replication role ${f.role.arn} does not exist, so S3 cannot assume it.` };
  const outcome = await evaluate({
    principal: S3_SERVICE,
    action: "sts:AssumeRole",
    resource: f.role.arn,
    resourceAccount: f.source.account,
    context: { "aws:PrincipalServiceName": S3_SERVICE, "aws:SecureTransport": "true" },
    identityPolicies: [],
    ...(f.role.trust ? { resourcePolicy: f.role.trust } : {}),
  });
  if (outcome.kind === "result" && outcome.result === "Allowed") return null;
  return {
    code: "AssumeRoleNotPermitted",
    reason: `The trust policy of ${f.role.arn} does not let ${S3_SERVICE} assume it (sts:AssumeRole), so S3 cannot act as the replication role.`,
  };
}

/** The first refusal in S3's order, or null when every request would be allowed. */
export async function firstFailure(f: ReplicationFacts, evaluate: Evaluator = iamSimulateEvaluator): Promise<Failure | null> {
  const trust = await trustFailure(f, evaluate);
  if (trust) return trust;
  // Evaluated together (each is independent), reported in S3's order: the first refusal is the reason.
  const needs = needsFor(f);
  const outcomes = await Promise.all(
    needs.map((need) => {
      const policy = resourcePolicy(need.side, f);
      return evaluate({
        principal: f.role.arn,
        action: need.action,
        resource: need.resource,
        resourceAccount: need.account,
        context: principalContext(f, need),
        identityPolicies: f.role.identity,
        ...(f.role.boundary ? { permissionsBoundary: f.role.boundary } : {}),
        ...(policy ? { resourcePolicy: policy } : {}),
      });
    }),
  );
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.kind === "result" && outcome.result === "Allowed") continue;
    return { code: needs[i]!.code, reason: explain(needs[i]!, outcome, f) };
  }
  return null;
}

/** S3 Batch Replication: the batch role needs s3:InitiateReplication on each source object. */
export async function initiateFailure(
  batch: { roleArn: string; trust: Doc | null; exists: boolean; identity: { name: string; document: Doc }[] },
  source: BucketFacts,
  key: string,
  evaluate: Evaluator = iamSimulateEvaluator,
): Promise<Failure | null> {
  const BATCH = "batchoperations.s3.amazonaws.com";
  if (!batch.exists) return { code: "AssumeRoleNotPermitted", reason: `The batch role ${batch.roleArn} does not exist.` };
  const trust = await evaluate({
    principal: BATCH,
    action: "sts:AssumeRole",
    resource: batch.roleArn,
    resourceAccount: source.account,
    context: { "aws:PrincipalServiceName": BATCH },
    identityPolicies: [],
    ...(batch.trust ? { resourcePolicy: batch.trust } : {}),
  });
  if (!(trust.kind === "result" && trust.result === "Allowed"))
    return { code: "AssumeRoleNotPermitted", reason: `The trust policy of ${batch.roleArn} does not let ${BATCH} assume it.` };
  const resource = `arn:aws:s3:::${source.name}/${key}`;
  const outcome = await evaluate({
    principal: batch.roleArn,
    action: "s3:InitiateReplication",
    resource,
    resourceAccount: source.account,
    context: {
      "aws:PrincipalArn": batch.roleArn,
      "aws:PrincipalAccount": source.account,
      "aws:PrincipalType": "AssumedRole",
      "aws:SecureTransport": "true",
      "aws:RequestedRegion": source.region,
      "aws:ResourceAccount": source.account,
    },
    identityPolicies: batch.identity,
    ...(source.policy ? { resourcePolicy: source.policy } : {}),
  });
  if (outcome.kind === "result" && outcome.result === "Allowed") return null;
  return {
    code: "InitiateReplicationNotPermitted",
    reason: `Neither the batch role's policies nor the source bucket policy of ${source.name} allow s3:InitiateReplication for ${batch.roleArn} on ${resource}.`,
  };
}

/**
 * What a Batch Replication job's role must be allowed before any task runs: read the source bucket's
 * replication configuration, (with a manifest generator) PutInventoryConfiguration on it, and write the
 * generated manifest and the completion report. The first refusal fails the job, with this sentence.
 */
export async function batchJobFailure(
  batch: { roleArn: string; identity: { name: string; document: Doc }[] },
  source: BucketFacts,
  writes: { bucket: BucketFacts; key: string; why: string }[],
  generator: boolean,
  evaluate: Evaluator = iamSimulateEvaluator,
): Promise<string | null> {
  const bucketArn = `arn:aws:s3:::${source.name}`;
  const checks: { action: string; resource: string; on: BucketFacts; why: string }[] = [
    { action: "s3:GetReplicationConfiguration", resource: bucketArn, on: source, why: "to read the replication configuration" },
    ...(generator ? [{ action: "s3:PutInventoryConfiguration", resource: bucketArn, on: source, why: "to generate the manifest" }] : []),
    ...writes.map((w) => ({ action: "s3:PutObject", resource: `arn:aws:s3:::${w.bucket.name}/${w.key}`, on: w.bucket, why: w.why })),
  ];
  for (const c of checks) {
    const outcome = await evaluate({
      principal: batch.roleArn,
      action: c.action,
      resource: c.resource,
      resourceAccount: c.on.account,
      context: {
        "aws:PrincipalArn": batch.roleArn,
        "aws:PrincipalAccount": source.account,
        "aws:PrincipalType": "AssumedRole",
        "aws:SecureTransport": "true",
        "aws:RequestedRegion": c.on.region,
        "aws:ResourceAccount": c.on.account,
      },
      identityPolicies: batch.identity,
      ...(c.on.policy ? { resourcePolicy: c.on.policy } : {}),
    });
    if (outcome.kind === "result" && outcome.result === "Allowed") continue;
    return `The batch role ${batch.roleArn} is not allowed ${c.action} on ${c.resource} (${c.why}).`;
  }
  return null;
}
