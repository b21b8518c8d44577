// Policy documents, always built as objects: user text (prefixes, tags, names) stays data.
// Action lists follow the AWS guide "Granting permissions when the source and
// destination buckets are owned by different accounts" (replication-walkthrough-2).
import type { WizardInput } from "../../schema/wizard";
import { SIDS } from "../names";
import type { JsonObject, PlanNames, PolicyDocument } from "../types";

export const POLICY_VERSION = "2012-10-17";

export const TRUST_STATEMENT: JsonObject = {
  Sid: SIDS.trust,
  Effect: "Allow",
  Principal: { Service: "s3.amazonaws.com" },
  Action: "sts:AssumeRole",
};

/**
 * The trust statement Lockbridge writes: S3 may assume the role, and only on behalf of the source
 * bucket and its owner (confused-deputy protection). What the AWS documentation says, as checked for
 * this decision (docs/decisions/trust-policy-conditions.md): the IAM guide recommends aws:SourceAccount
 * and aws:SourceArn on every trust policy of a service principal; S3 sends both when it acts for a
 * bucket (its event-notification and server-access-logging examples match aws:SourceArn against
 * arn:aws:s3:::BUCKET); the S3 replication guide's own trust policy example carries no condition and
 * does not say that replication sends them. A condition on a key S3 does not send would deny every
 * AssumeRole and silently stop replication, so both are "IfExists": when S3 names a bucket or account,
 * it must be ours; when it names none, replication still works as the AWS example does.
 */
export function trustStatement(sourceAccountId: string, sourceBucketArn: string): JsonObject {
  return {
    ...TRUST_STATEMENT,
    Condition: {
      StringEqualsIfExists: { "aws:SourceAccount": sourceAccountId },
      ArnLikeIfExists: { "aws:SourceArn": sourceBucketArn },
    },
  };
}

/** Trust policy of the replication role: S3 assumes it to replicate from the source bucket only. */
export function renderTrustPolicy(sourceAccountId?: string, sourceBucketArn?: string): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [sourceAccountId && sourceBucketArn ? trustStatement(sourceAccountId, sourceBucketArn) : TRUST_STATEMENT],
  };
}

export const SOURCE_BUCKET_ACTIONS = ["s3:GetReplicationConfiguration", "s3:ListBucket"];
export const SOURCE_OBJECT_ACTIONS = [
  "s3:GetObjectVersionForReplication",
  "s3:GetObjectVersionAcl",
  "s3:GetObjectVersionTagging",
  "s3:GetObjectRetention",
  "s3:GetObjectLegalHold",
];
export const REPLICATE_ACTIONS = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"];
export const OWNER_OVERRIDE_ACTION = "s3:ObjectOwnerOverrideToBucketOwner";
export const BUCKET_VERSIONING_ACTIONS = ["s3:GetBucketVersioning", "s3:PutBucketVersioning"];

/** Actions the role needs on the destination key: Decrypt too with S3 Bucket Keys (mirrors the key policy). */
export function destinationKeyActions(bucketKeys: boolean): string[] {
  return bucketKeys ? ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"] : ["kms:Encrypt", "kms:GenerateDataKey"];
}

/**
 * The role's permission statements, one per Sid. The KMS statements are limited to calls made by S3 in
 * the bucket's Region (kms:ViaService), as in the AWS example policy for replicating encrypted objects.
 */
export function renderPermissionStatements(input: WizardInput, names: PlanNames): JsonObject[] {
  const statements: JsonObject[] = [
    { Sid: SIDS.sourceBucket, Effect: "Allow", Action: SOURCE_BUCKET_ACTIONS, Resource: names.sourceBucketArn },
    { Sid: SIDS.sourceObjects, Effect: "Allow", Action: SOURCE_OBJECT_ACTIONS, Resource: `${names.sourceBucketArn}/*` },
    {
      Sid: SIDS.destinationObjects,
      Effect: "Allow",
      Action: input.rule.ownerOverride ? [...REPLICATE_ACTIONS, OWNER_OVERRIDE_ACTION] : REPLICATE_ACTIONS,
      Resource: `${names.destinationBucketArn}/*`,
    },
  ];
  if (input.encryption.mode === "sse-kms") {
    const { source, destination } = input.accounts;
    statements.push(
      {
        Sid: SIDS.sourceKey,
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: input.encryption.sourceKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${source.region}.amazonaws.com` } },
      },
      {
        Sid: SIDS.destinationKey,
        Effect: "Allow",
        Action: destinationKeyActions(input.encryption.bucketKeys),
        Resource: input.encryption.destinationKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${destination.region}.amazonaws.com` } },
      },
    );
  }
  return statements;
}

/** Permissions policy for a new role (all statements). Reused roles get only what is missing: see coverage.ts. */
export function renderPermissionsPolicy(input: WizardInput, names: PlanNames): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: renderPermissionStatements(input, names) };
}

const principalList = (principals: string[]) => ({ AWS: principals.length === 1 ? principals[0]! : principals });

/**
 * Destination bucket policy statement for a set of replication roles. One statement carries both the
 * bucket (versioning) and object (replicate) permissions so each source role ARN appears once: a 20 KB
 * bucket policy then holds hundreds of sources instead of ~100 (S3 accepts a statement whose actions
 * each apply to one of its resources).
 */
export function renderBucketPolicyStatement(destinationBucketArn: string, principals: string[], ownerOverride: boolean): JsonObject {
  return {
    Sid: ownerOverride ? SIDS.bucketReplicationOwnerOverride : SIDS.bucketReplication,
    Effect: "Allow",
    Principal: principalList(principals),
    Action: [...BUCKET_VERSIONING_ACTIONS, ...REPLICATE_ACTIONS, ...(ownerOverride ? [OWNER_OVERRIDE_ACTION] : [])],
    Resource: [destinationBucketArn, `${destinationBucketArn}/*`],
  };
}

/** Destination key policy statement: Resource "*" means "this key" inside a key policy. */
export function renderKeyPolicyStatement(principals: string[], bucketKeys: boolean): JsonObject {
  return {
    Sid: bucketKeys ? SIDS.keyReplicaBucketKeys : SIDS.keyReplica,
    Effect: "Allow",
    Principal: principalList(principals),
    Action: destinationKeyActions(bucketKeys),
    Resource: "*",
  };
}

/** The default key policy KMS creates: the account root may administer the key through IAM. */
export function defaultKeyPolicy(partition: string, accountId: string): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Id: "key-default-1",
    Statement: [
      {
        Sid: "Enable IAM User Permissions",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  };
}
