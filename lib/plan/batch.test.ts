// The batch part of the plan: role documents, the CreateJob request field by field, the idempotency token.
import { describe, expect, it } from "vitest";
import { defaultWizardInput, wizardInput, type WizardDefaultsPartial, type WizardFormValues } from "../schema/wizard";
import { buildPlan } from "./build";
import { freshObserved, TEST_ACCOUNTS, TEST_KMS } from "../../testing/plan-fixtures";
import { exportCliScript } from "./export/cli";
import { planForAccount } from "./export/json";
import { emptyObserved } from "./observed";

function planWith(existingObjects: WizardFormValues["existingObjects"], extra: WizardDefaultsPartial = {}, fresh = true) {
  const input = wizardInput.parse({ ...defaultWizardInput({ accounts: TEST_ACCOUNTS, ...extra }), existingObjects });
  return buildPlan(input, fresh ? freshObserved(input) : emptyObserved(input));
}

describe("batch plan", () => {
  it("is absent unless the step is enabled (existing plans are unchanged)", () => {
    expect(planWith(undefined).batch).toBeUndefined();
    expect(planWith({ enabled: false }).batch).toBeUndefined();
  });

  it("derives the role name and the report location from the source bucket", () => {
    const b = planWith({ enabled: true }).batch!;
    expect(b.roleName).toBe("lockbridge-batch-app-logs");
    expect(b.roleArn).toBe("arn:aws:iam::111122223333:role/service-role/lockbridge-batch-app-logs");
    expect(b.report).toEqual({
      bucket: "app-logs",
      prefix: "lockbridge/batch-reports",
      uri: "s3://app-logs/lockbridge/batch-reports/job-<JobId>/results/",
    });
    expect(b.accountId).toBe("111122223333");
    expect(b.region).toBe("eu-west-1");
  });

  it("trusts only S3 Batch Operations and grants the documented least privilege", () => {
    const b = planWith({ enabled: true }).batch!;
    expect(b.trustPolicy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "LockbridgeBatchAssume",
          Effect: "Allow",
          Principal: { Service: "batchoperations.s3.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
    expect(b.permissionsPolicy.Statement).toEqual([
      {
        Sid: "LockbridgeBatchInitiateReplication",
        Effect: "Allow",
        Action: ["s3:InitiateReplication"],
        Resource: "arn:aws:s3:::app-logs/*",
      },
      {
        Sid: "LockbridgeBatchSourceBucket",
        Effect: "Allow",
        Action: ["s3:GetReplicationConfiguration", "s3:PutInventoryConfiguration"],
        Resource: "arn:aws:s3:::app-logs",
      },
      {
        Sid: "LockbridgeBatchManifestRead",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: "arn:aws:s3:::app-logs/lockbridge/batch-reports/*",
      },
      {
        Sid: "LockbridgeBatchReportWrite",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: "arn:aws:s3:::app-logs/lockbridge/batch-reports/*",
      },
    ]);
  });

  it("adds the source key (through S3 only) when the report goes to an SSE-KMS source bucket", () => {
    const st = planWith({ enabled: true }, { encryption: TEST_KMS }).batch!.permissionsPolicy.Statement as Record<string, unknown>[];
    expect(st.at(-1)).toEqual({
      Sid: "LockbridgeBatchSourceKey",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: TEST_KMS.sourceKeyArn,
      Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    });
    const other = planWith({ enabled: true, bucket: "batch-reports" }, { encryption: TEST_KMS }).batch!;
    expect((other.permissionsPolicy.Statement as { Sid: string }[]).map((s) => s.Sid)).not.toContain("LockbridgeBatchSourceKey");
  });

  it("builds the CreateJob request field by field", () => {
    const plan = planWith({ enabled: true, statuses: ["FAILED", "NONE"], reportScope: "AllTasks", priority: 42, prefix: "/audit/batch/" });
    const r = plan.batch!.request;
    expect(r.AccountId).toBe("111122223333");
    expect(r.ConfirmationRequired).toBe(false);
    expect(r.Operation).toEqual({ S3ReplicateObject: {} });
    expect(r.Priority).toBe(42);
    expect(r.RoleArn).toBe(plan.batch!.roleArn);
    expect(r.Report).toEqual({
      Bucket: "arn:aws:s3:::app-logs",
      Prefix: "audit/batch",
      Format: "Report_CSV_20180820",
      Enabled: true,
      ReportScope: "AllTasks",
    });
    expect(r.ManifestGenerator).toEqual({
      S3JobManifestGenerator: {
        ExpectedBucketOwner: "111122223333",
        SourceBucket: "arn:aws:s3:::app-logs",
        EnableManifestOutput: true,
        ManifestOutputLocation: {
          ExpectedManifestBucketOwner: "111122223333",
          Bucket: "arn:aws:s3:::app-logs",
          ManifestPrefix: "audit/batch",
          ManifestFormat: "S3InventoryReport_CSV_20211130",
        },
        // Order fixed by the schema, whatever order the form sent.
        Filter: { EligibleForReplication: true, ObjectReplicationStatuses: ["NONE", "FAILED"] },
      },
    });
    expect(r.Description).toBe("Lockbridge: replicate existing objects of app-logs to central-vault");
    expect(r).not.toHaveProperty("Manifest");
  });

  it("derives a deterministic ClientRequestToken of at most 64 characters from the plan and the job", () => {
    const a = planWith({ enabled: true }).batch!.request.ClientRequestToken as string;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(planWith({ enabled: true }).batch!.request.ClientRequestToken).toBe(a);
    // Another job spec, or another plan (different observed state => fingerprint), gets another token.
    expect(planWith({ enabled: true, priority: 11 }).batch!.request.ClientRequestToken).not.toBe(a);
    expect(planWith({ enabled: true }, {}, false).batch!.request.ClientRequestToken).not.toBe(a);
  });

  it("warns about foreign rules, another bucket and re-replicating COMPLETED objects", () => {
    const w = planWith({ enabled: true, bucket: "other-reports", statuses: ["COMPLETED"] })
      .batch!.warnings.map((x) => x.message)
      .join("\n");
    expect(w).toMatch(/every enabled rule of the source bucket/);
    expect(w).toMatch(/other-reports must be in the source Region eu-west-1/);
    expect(w).toMatch(/COMPLETED replicates objects that are already in the vault again/);
  });

  it("rejects an empty status list and a too-long prefix", () => {
    const base = defaultWizardInput({ accounts: TEST_ACCOUNTS });
    const r = wizardInput.safeParse({ ...base, existingObjects: { enabled: true, statuses: [], prefix: "x".repeat(513) } });
    expect(!r.success && r.error.issues.map((i) => i.path.join("."))).toEqual(["existingObjects.prefix", "existingObjects.statuses"]);
    const bad = { enabled: true, bucket: "Not_A_Bucket", roleName: "has space" };
    const names = wizardInput.safeParse({ ...base, existingObjects: bad });
    expect(!names.success && names.error.issues.map((i) => i.path.join("."))).toEqual([
      "existingObjects.bucket",
      "existingObjects.roleName",
    ]);
    // Switched off, half-edited options never block the rest of the wizard.
    expect(wizardInput.safeParse({ ...base, existingObjects: { ...bad, enabled: false, statuses: [] } }).success).toBe(true);
  });

  it("keeps the batch in the source half and in the CLI script with --account-id and a quoted heredoc", () => {
    const plan = planWith({ enabled: true });
    expect(planForAccount(plan, "source").batch).toEqual(plan.batch);
    expect(planForAccount(plan, "destination").batch).toBeUndefined();
    const script = exportCliScript(plan);
    expect(script).toContain(
      `aws s3control create-job --profile "$SOURCE_PROFILE" --region 'eu-west-1' --account-id '111122223333' --cli-input-json "file://$WORKDIR/batch.create-job.json"`,
    );
    expect(script).toMatch(/cat > "\$WORKDIR\/batch\.create-job\.json" <<'LOCKBRIDGE_JSON'\n\{\n {2}"ConfirmationRequired": false/);
    expect(script).toContain(`"ClientRequestToken": "${plan.batch!.request.ClientRequestToken as string}"`);
    expect(script).not.toMatch(/"AccountId"/);
    expect(exportCliScript(plan, { account: "destination" })).not.toContain("s3control");
  });
});
