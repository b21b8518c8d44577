// Full plan-only walks through every step, checking on screen what the plan would write.
import { expect, test } from "./fixtures";
import { confirmObjectLock, doc, filterByPrefixAndTag, next, planOnlyAccounts } from "./support";

const SRC_KEY = "arn:aws:kms:eu-west-1:111111111111:key/1111aaaa-22bb-33cc-44dd-555555eeeeee";
const DST_KEY = "arn:aws:kms:eu-west-1:222222222222:key/6666ffff-77aa-88bb-99cc-000000dddddd";
const ROLE_ARN = "arn:aws:iam::111111111111:role/service-role/lockbridge-demo-source-to-lockbridge-demo-vault";

test("plan-only walk: whole bucket, no KMS", async ({ page }) => {
  await planOnlyAccounts(page);

  // Object Lock: GOVERNANCE 30 days, confirmed by typing the vault's name.
  await page.getByLabel("Set a default retention").check();
  await page.getByLabel("Default retention mode").selectOption("GOVERNANCE");
  await page.getByLabel("Default retention days").fill("30");
  await confirmObjectLock(page);
  await expect(doc(page, "objectLock")).toContainText('"Days": 30');
  await expect(doc(page, "objectLock")).toContainText("would create (state unknown)");
  await next(page, "role");

  await expect(page.getByLabel("Replication role name")).toHaveValue("lockbridge-demo-source-to-lockbridge-demo-vault");
  const permissions = doc(page, "permissions");
  await expect(permissions).toBeVisible();
  for (const action of [
    "s3:GetReplicationConfiguration",
    "s3:ListBucket",
    "s3:GetObjectVersionForReplication",
    "s3:GetObjectVersionAcl",
    "s3:GetObjectVersionTagging",
    "s3:GetObjectRetention",
    "s3:GetObjectLegalHold",
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
    "s3:ObjectOwnerOverrideToBucketOwner",
  ]) {
    await expect(permissions).toContainText(`"${action}"`);
  }
  await expect(permissions).not.toContainText("kms:");
  await expect(doc(page, "trust")).toContainText('"Service": "s3.amazonaws.com"');
  await next(page, "encryption");

  await expect(page.getByLabel("Encryption", { exact: true })).toHaveValue("none");
  await next(page, "bucket-policy");

  const policy = doc(page, "bucketPolicy");
  await expect(policy).toContainText('"Sid": "LockbridgeReplicationOwnerOverride"');
  await expect(policy).toContainText(`"AWS": "${ROLE_ARN}"`);
  for (const action of [
    "s3:GetBucketVersioning",
    "s3:PutBucketVersioning",
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
  ]) {
    await expect(policy).toContainText(`"${action}"`);
  }
  await expect(policy).toContainText('"arn:aws:s3:::lockbridge-demo-vault/*"');
  await next(page, "rule");

  await expect(page.getByLabel("Rule ID")).toHaveValue("lockbridge-to-222222222222-lockbridge-demo-vault");
  await expect(page.getByLabel("Delete marker replication")).not.toBeChecked();
  await expect(page.getByText("Off for a vault: a delete in the source")).toBeVisible();
  const replication = doc(page, "replication");
  await expect(replication).toContainText('"Filter": {}');
  await expect(replication).toContainText('"Account": "222222222222"');
  await expect(replication).toContainText(`"Role": "${ROLE_ARN}"`);
  await expect(replication).toContainText('"Owner": "Destination"');
  await expect(replication).not.toContainText("SseKmsEncryptedObjects");
  await next(page, "review");

  await expect(page.getByText("Plan only: download the exports; nothing has been applied.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Continue to apply" })).toBeDisabled();
  const calls = page.locator("[data-change]");
  await expect(calls).toHaveCount(7);
  await expect(page.locator('[data-change="source.replication"]')).toContainText("would create (state unknown)");
  await expect(page.locator('[data-change="source.replication"]')).toContainText("#1 PutBucketVersioning");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download AWS CLI script" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/lockbridge-demo-source-to-lockbridge-demo-vault\.sh$/);
  const { readFile } = await import("node:fs/promises");
  const script = await readFile((await file.path())!, "utf8");
  expect(script).toContain("aws s3api put-bucket-replication");
  for (const [name, ext] of [
    ["Download Terraform", ".tf"],
    ["Download plan JSON", ".plan.json"],
  ] as const) {
    const d = page.waitForEvent("download");
    await page.getByRole("button", { name }).click();
    expect((await d).suggestedFilename()).toMatch(new RegExp(`${ext.replace(".", "\\.")}$`));
  }
});

test("plan-only walk: SSE-KMS with a prefix and tags, from the Compliance vault template", async ({ page }) => {
  await planOnlyAccounts(page);
  await page.getByRole("button", { name: "Compliance vault" }).click();
  await expect(page.locator("#draft-status")).toContainText("Template “Compliance vault” applied");

  await expect(page.getByLabel("Default retention mode")).toHaveValue("COMPLIANCE");
  await expect(page.getByLabel("Default retention unit")).toHaveValue("Years");
  await expect(page.getByLabel("Default retention years")).toHaveValue("7");
  await expect(page.locator(".irreversible")).toContainText("cannot be shortened or removed by anyone, including the root user");
  await confirmObjectLock(page);
  await expect(doc(page, "objectLock")).toContainText('"Mode": "COMPLIANCE"');
  await next(page, "role");
  await next(page, "encryption");

  await expect(page.getByLabel("Encryption", { exact: true })).toHaveValue("sse-kms");
  await page.getByLabel("Source KMS key ARN").fill(SRC_KEY);
  await page.getByLabel("Destination KMS key ARN").fill(DST_KEY);
  const keyPolicy = doc(page, "keyPolicy");
  await expect(keyPolicy).toContainText('"Sid": "LockbridgeReplicaEncryptionBucketKeys"');
  await expect(keyPolicy).toContainText('"Sid": "Enable IAM User Permissions"');
  const permissions = doc(page, "permissions");
  await expect(permissions).toContainText('"kms:Decrypt"');
  await expect(permissions).toContainText('"kms:Encrypt"');
  await expect(permissions).toContainText('"kms:GenerateDataKey"');
  await expect(permissions).toContainText(SRC_KEY);
  await expect(permissions).toContainText(DST_KEY);
  await next(page, "bucket-policy");
  await next(page, "rule");

  await filterByPrefixAndTag(page, 'invoices/"2026"/');
  await page.getByLabel("Replication Time Control").check();
  await expect(page.getByLabel("Replication metrics")).toBeChecked();
  await page.getByLabel("Storage class").selectOption("STANDARD_IA");
  const replication = doc(page, "replication");
  await expect(replication).toContainText('"Prefix": "invoices/\\"2026\\"/"');
  await expect(replication).toContainText('"Key": "classification"');
  await expect(replication).toContainText('"Value": "finance"');
  await expect(replication).toContainText('"SseKmsEncryptedObjects"');
  await expect(replication).toContainText(`"ReplicaKmsKeyID": "${DST_KEY}"`);
  await expect(replication).toContainText('"StorageClass": "STANDARD_IA"');
  await expect(replication).toContainText('"ReplicationTime"');
  await expect(replication).toContainText('"DeleteMarkerReplication": { "Status": "Disabled" }');
  await next(page, "review");

  await expect(page.locator("[data-change]")).toHaveCount(8);
  await expect(page.locator('[data-change="destination.keyPolicy"]')).toContainText("PutKeyPolicy");
  await expect(page.getByText(/COMPLIANCE retention: every new object version is undeletable/)).toBeVisible();
  await expect(page.getByText("Plan only: download the exports; nothing has been applied.")).toBeVisible();
  await expect(doc(page, "replication")).toContainText('"And"');
});
