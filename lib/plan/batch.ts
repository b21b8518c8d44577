// S3 Batch Replication for objects that existed before the rule. Pure: the batch role's
// documents and the CreateJob request, in the API's own shapes (PascalCase), so the AWS layer and the
// CLI export send them as they are. The copying itself runs inside S3, never through this server.
// Permissions follow the AWS guide "Configuring an IAM role for S3 Batch Replication" (manifest generated
// by S3): InitiateReplication on source objects, GetReplicationConfiguration + PutInventoryConfiguration
// on the source bucket, read the generated manifest, write the manifest and the completion report.
import type { WizardInput } from "../schema/wizard";
import { partitionOf } from "../schema/primitives";
import { canonicalJson } from "./canonical";
import { s3BucketArn } from "./names";
import { POLICY_VERSION } from "./render/policies";
import { sha256Hex } from "./sha256";
import type { Json, JsonObject, PlanNames, PlanWarning, PolicyDocument } from "./types";

export const BATCH_SIDS = {
  trust: "LockbridgeBatchAssume",
  initiate: "LockbridgeBatchInitiateReplication",
  sourceBucket: "LockbridgeBatchSourceBucket",
  manifestRead: "LockbridgeBatchManifestRead",
  reportWrite: "LockbridgeBatchReportWrite",
  sourceKey: "LockbridgeBatchSourceKey",
} as const;

export const BATCH_OWNED_SIDS = {
  trust: [BATCH_SIDS.trust],
  policy: [BATCH_SIDS.initiate, BATCH_SIDS.sourceBucket, BATCH_SIDS.manifestRead, BATCH_SIDS.reportWrite, BATCH_SIDS.sourceKey],
} as const;

export const BATCH_SERVICE = "batchoperations.s3.amazonaws.com";
export const BATCH_ROLE_PATH = "/service-role/";
/** The completion report format S3 Batch Operations documents (the only one it has). */
export const REPORT_FORMAT = "Report_CSV_20180820";
export const MANIFEST_FORMAT = "S3InventoryReport_CSV_20211130";

export type BatchDocumentId = "batchTrust" | "batchPermissions" | "batchJob";
export type BatchDocument = { id: BatchDocumentId; title: string; account: "source"; after: Json; language: "json" };

export type BatchPlan = {
  /** Source account and Region: CreateJob runs there (a generated manifest must stay in the source Region). */
  accountId: string;
  region: string;
  roleName: string;
  rolePath: string;
  roleArn: string;
  policyName: string;
  trustPolicy: PolicyDocument;
  permissionsPolicy: PolicyDocument;
  /** The CreateJob request, AccountId included, exactly as sent. */
  request: JsonObject;
  /** Where S3 writes the completion report: s3://BUCKET/PREFIX/job-<JobId>/results/… */
  report: { bucket: string; prefix: string; uri: string };
  documents: BatchDocument[];
  warnings: PlanWarning[];
};

/** S3 appends "/job-<id>/…" itself: a trailing slash would make "prefix//job-<id>". */
const trimSlashes = (prefix: string) => prefix.replace(/^\/+|\/+$/g, "");

export function renderBatchTrustPolicy(): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [{ Sid: BATCH_SIDS.trust, Effect: "Allow", Principal: { Service: BATCH_SERVICE }, Action: "sts:AssumeRole" }],
  };
}

/** Object ARN pattern of the report/manifest location: only keys under the chosen prefix. */
export function locationArn(region: string, bucket: string, prefix: string): string {
  const p = trimSlashes(prefix);
  return `${s3BucketArn(region, bucket)}/${p ? `${p}/` : ""}*`;
}

export function renderBatchPermissionStatements(input: WizardInput, names: PlanNames): JsonObject[] {
  const { source } = input.accounts;
  const eo = input.existingObjects;
  const location = locationArn(source.region, eo.bucket, eo.prefix);
  const statements: JsonObject[] = [
    { Sid: BATCH_SIDS.initiate, Effect: "Allow", Action: ["s3:InitiateReplication"], Resource: `${names.sourceBucketArn}/*` },
    {
      Sid: BATCH_SIDS.sourceBucket,
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:PutInventoryConfiguration"],
      Resource: names.sourceBucketArn,
    },
    { Sid: BATCH_SIDS.manifestRead, Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: location },
    // The generated manifest and the completion report are both written to the chosen location.
    { Sid: BATCH_SIDS.reportWrite, Effect: "Allow", Action: ["s3:PutObject"], Resource: location },
  ];
  // A source bucket using SSE-KMS by default encrypts the manifest and report with the source key, so the
  // role must encrypt (write) and decrypt (read the manifest back) with it, through S3 only.
  if (input.encryption.mode === "sse-kms" && eo.bucket === source.bucket) {
    statements.push({
      Sid: BATCH_SIDS.sourceKey,
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: input.encryption.sourceKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${source.region}.amazonaws.com` } },
    });
  }
  return statements;
}

function warnings(input: WizardInput): PlanWarning[] {
  const eo = input.existingObjects;
  const out: PlanWarning[] = [
    {
      path: "existingObjects",
      message: "Batch Replication replicates with every enabled rule of the source bucket, including rules Lockbridge did not write.",
    },
  ];
  if (eo.bucket !== input.accounts.source.bucket) {
    out.push({
      path: "existingObjects.bucket",
      message: `Bucket ${eo.bucket} must be in the source Region ${input.accounts.source.region} and owned by the source account ${input.accounts.source.accountId}: S3 writes the generated manifest and the report there.`,
    });
  }
  if (eo.statuses.includes("COMPLETED")) {
    out.push({
      path: "existingObjects.statuses",
      message:
        "Including COMPLETED replicates objects that are already in the vault again: each becomes a new locked replica version there (more storage, kept for the whole retention).",
    });
  }
  return out;
}

/**
 * The batch part of the plan, or undefined when the step is off. The ClientRequestToken is derived from
 * the plan fingerprint and the job itself: the same job for the same plan is sent once (S3 answers a
 * repeated token with the first job), a different job or plan gets a new token. Hex SHA-256 = 64 chars,
 * the API's maximum.
 */
export function renderBatchPlan(input: WizardInput, names: PlanNames, fingerprint: string): BatchPlan | undefined {
  const eo = input.existingObjects;
  if (!eo.enabled) return undefined;
  const { source, destination } = input.accounts;
  const roleName = eo.roleName;
  const roleArn = `arn:${partitionOf(source.region)}:iam::${source.accountId}:role${BATCH_ROLE_PATH}${roleName}`;
  const bucket = eo.bucket;
  const bucketArn = s3BucketArn(source.region, bucket);
  const prefix = trimSlashes(eo.prefix);
  const job: JsonObject = {
    AccountId: source.accountId,
    ConfirmationRequired: false,
    Operation: { S3ReplicateObject: {} },
    // S3 Control rejects an empty Prefix / ManifestPrefix: at the bucket's root they are left out.
    Report: { Bucket: bucketArn, ...(prefix ? { Prefix: prefix } : {}), Format: REPORT_FORMAT, Enabled: true, ReportScope: eo.reportScope },
    ManifestGenerator: {
      S3JobManifestGenerator: {
        ExpectedBucketOwner: source.accountId,
        SourceBucket: names.sourceBucketArn,
        EnableManifestOutput: true,
        ManifestOutputLocation: {
          ExpectedManifestBucketOwner: source.accountId,
          Bucket: bucketArn,
          ...(prefix ? { ManifestPrefix: prefix } : {}),
          ManifestFormat: MANIFEST_FORMAT,
        },
        Filter: { EligibleForReplication: true, ObjectReplicationStatuses: [...eo.statuses] },
      },
    },
    Description: `Lockbridge: replicate existing objects of ${source.bucket} to ${destination.bucket}`.slice(0, 256),
    Priority: eo.priority,
    RoleArn: roleArn,
  };
  const request: JsonObject = { ...job, ClientRequestToken: sha256Hex(canonicalJson({ fingerprint, job })) };
  const trustPolicy = renderBatchTrustPolicy();
  const permissionsPolicy: PolicyDocument = { Version: POLICY_VERSION, Statement: renderBatchPermissionStatements(input, names) };
  const doc = (id: BatchDocumentId, title: string, after: Json): BatchDocument => ({
    id,
    title,
    account: "source",
    after,
    language: "json",
  });
  return {
    accountId: source.accountId,
    region: source.region,
    roleName,
    rolePath: BATCH_ROLE_PATH,
    roleArn,
    policyName: "lockbridge-batch-replication",
    trustPolicy,
    permissionsPolicy,
    request,
    report: { bucket, prefix, uri: `s3://${bucket}/${prefix ? `${prefix}/` : ""}job-<JobId>/results/` },
    documents: [
      doc("batchTrust", "Trust policy (batch role)", trustPolicy),
      doc("batchPermissions", "Permissions policy (batch role)", permissionsPolicy),
      doc("batchJob", "CreateJob request (S3 Batch Replication)", request),
    ],
    warnings: warnings(input),
  };
}
