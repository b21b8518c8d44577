// Existing objects against the emulator: the form previews the batch role and CreateJob request, and
// "Create Batch Replication job" says plainly that the emulator has no S3 Batch Operations, leaving
// nothing behind (no batch role in IAM) and the rest of the wizard working.
import AxeBuilder from "@axe-core/playwright";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { emulatorClients } from "../lib/testing/emulator";
import { actAs, emulatorEndpoint, reseed, shot } from "./support";

/** Local-storage draft (key lockbridge:draft:v1) for the verify seed (replication rule already applied). */
const DRAFT = readFileSync(path.join(__dirname, "seeds", "verify-draft.json"), "utf8");

test.beforeEach(async () => {
  await reseed("verify");
});

test("the batch step previews the job and reports that the endpoint has no S3 Batch Operations", async ({ page }, testInfo) => {
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
  await expect(page.getByText("Completion report: s3://lockbridge-demo-source/lockbridge/batch-reports/job-<JobId>/results/")).toBeVisible();

  // Validation with a visible, field-level message.
  await page.getByLabel("Never replicated (NONE)").uncheck();
  await page.getByLabel("Failed to replicate (FAILED)").uncheck();
  await expect(page.getByText("Choose at least one replication status.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create Batch Replication job" })).toBeDisabled();
  await page.getByLabel("Never replicated (NONE)").check();

  await page.getByRole("button", { name: "Create Batch Replication job" }).click();
  await expect(page.getByText("Not available on this endpoint")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("This endpoint does not support S3 Batch Operations (the local emulator has no CreateJob); nothing was created.")).toBeVisible();
  await shot(page, testInfo, "existing-objects-unsupported");

  // Nothing was created: no batch role in the source account.
  const src = await emulatorClients(emulatorEndpoint(), "111111111111");
  try {
    await expect(src.iam.send(new GetRoleCommand({ RoleName: "lockbridge-batch-lockbridge-demo-source" }))).rejects.toThrow();
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
