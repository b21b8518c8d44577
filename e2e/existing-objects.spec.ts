// Existing objects against the sandbox: the form previews the batch role and CreateJob request, and
// "Create Batch Replication job" creates the batch role and a job that the sandbox's S3 Batch Replication
// runs to completion. The verify seed's rule names a replication role that was never created, so every
// task fails as S3 reports it (the completion report names AssumeRoleNotPermitted); the success path is in
// e2e/replication.spec.ts.
import AxeBuilder from "@axe-core/playwright";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { emulatorClients } from "../testing/emulator";
import { actAs, emulatorEndpoint, reseed, shot } from "./support";

/** Local-storage draft (key lockbridge:draft:v1) for the verify seed (replication rule already applied). */
const DRAFT = readFileSync(path.join(__dirname, "..", "testing", "seeds", "verify-draft.json"), "utf8");

test.beforeEach(async () => {
  await reseed("verify");
});

test("the batch step previews the job, creates it, and follows it to Complete with its report", async ({ page }, testInfo) => {
  await page.addInitScript((draft) => window.localStorage.setItem("lockbridge:draft:v1", draft), DRAFT);
  // Uploading and creating the job are AWS writes: the audit log records who made them, so a name is needed.
  await actAs(page, "Alice");
  await page.goto("/wizard/existing-objects");
  await expect(page.getByRole("heading", { name: "Existing objects", level: 1 })).toBeVisible();
  await page.getByLabel("Replicate existing objects with S3 Batch Replication").check();
  await expect(page.getByLabel("Never replicated (NONE)")).toBeChecked();
  await expect(page.getByLabel("Failed to replicate (FAILED)")).toBeChecked();
  await expect(page.getByLabel("Already replicated (COMPLETED)")).not.toBeChecked();
  await expect(page.getByLabel("Manifest and report prefix")).toHaveValue("lockbridge/batch-reports/");
  await expect(page.getByLabel("Completion report")).toHaveValue("FailedTasksOnly");
  await page.getByLabel("Job priority").fill("20");

  const job = page.locator('[data-doc="batchJob"]');
  await expect(job).toContainText('"Priority": 20');
  await expect(job).toContainText('"S3ReplicateObject": {}');
  await expect(job).toContainText('"EligibleForReplication": true');
  await expect(page.locator('[data-doc="batchTrust"]')).toContainText("batchoperations.s3.amazonaws.com");
  await expect(page.locator('[data-doc="batchPermissions"]')).toContainText("s3:InitiateReplication");
  await expect(
    page.getByText("Completion report: s3://lockbridge-demo-source/lockbridge/batch-reports/job-<JobId>/results/"),
  ).toBeVisible();

  // Validation with a visible, field-level message.
  await page.getByLabel("Never replicated (NONE)").uncheck();
  await page.getByLabel("Failed to replicate (FAILED)").uncheck();
  await expect(page.getByText("Choose at least one replication status.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create Batch Replication job" })).toBeDisabled();
  await page.getByLabel("Never replicated (NONE)").check();

  await page.getByRole("button", { name: "Create Batch Replication job" }).click();
  await expect(page.getByText(/^Job .+ created/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Batch role: Created role lockbridge-batch-lockbridge-demo-source")).toBeVisible();
  const status = page.locator(".notice").filter({ hasText: /^Job [0-9a-f-]+: / });
  await expect(status).toContainText(": Complete", { timeout: 60_000 });
  await expect(status).toContainText("5 of 5 objects processed (100%): 0 replicated, 5 failed.");
  await expect(status).toContainText("Completion report: s3://lockbridge-demo-source/lockbridge/batch-reports/job-");
  await shot(page, testInfo, "existing-objects-complete");

  // The batch role exists, and the completion report names S3's reason for each failed object.
  const src = await emulatorClients(emulatorEndpoint(), "111111111111");
  try {
    await src.iam.send(new GetRoleCommand({ RoleName: "lockbridge-batch-lockbridge-demo-source" }));
    const listed = await src.s3.send(
      new ListObjectsV2Command({ Bucket: "lockbridge-demo-source", Prefix: "lockbridge/batch-reports/job-" }),
    );
    const result = listed.Contents?.find((o) => o.Key!.includes("/results/"));
    const report = await (
      await src.s3.send(new GetObjectCommand({ Bucket: "lockbridge-demo-source", Key: result!.Key! }))
    ).Body!.transformToString();
    expect(report).toContain(",failed,AssumeRoleNotPermitted,");
  } finally {
    src.destroy();
  }
  // Same bar as e2e/a11y.spec.ts: no serious or critical axe violation.
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);

  // Nothing else broke: the draft kept the options and the next step still works.
  await page.getByRole("link", { name: "Next: Verify" }).click();
  await page.waitForURL("**/wizard/verify");
  await expect(page.getByText("The vault's default retention: COMPLIANCE, 1 day")).toBeVisible();
});
