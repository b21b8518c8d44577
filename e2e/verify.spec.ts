// Verify against the sandbox: the canary is really uploaded (PutObject + HeadObject through the sandbox's
// replication engine). The verify seed's rule names a replication role that was never created, so S3 (and
// the sandbox) mark the canary FAILED, and the page must name that cause. The success path is in
// e2e/replication.spec.ts.
import AxeBuilder from "@axe-core/playwright";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { emulatorClients } from "../testing/emulator";
import { actAs, emulatorEndpoint, reseed, shot } from "./support";

/** Local-storage draft (key lockbridge:draft:v1) for the verify seed; its rule has the derived rule ID. */
const DRAFT = readFileSync(path.join(__dirname, "..", "testing", "seeds", "verify-draft.json"), "utf8");

test.beforeEach(async () => {
  await reseed("verify");
});

test("the canary is uploaded and comes back FAILED, with the cause the replication engine found", async ({ page }, testInfo) => {
  await page.addInitScript((draft) => window.localStorage.setItem("lockbridge:draft:v1", draft), DRAFT);
  // Uploading and creating the job are AWS writes: the audit log records who made them, so a name is needed.
  await actAs(page, "Alice");
  await page.goto("/wizard/verify?wait=6");
  await expect(page.getByRole("heading", { name: "Verify", level: 1 })).toBeVisible();
  // The retention warning comes first, with the exact retain-until if uploaded now.
  await expect(page.getByText("The vault's default retention: COMPLIANCE, 1 day")).toBeVisible();
  await expect(
    page.getByText(/cannot be deleted by anyone, the root user included, until its retention expires: \d{4}-\d\d-\d\dT/),
  ).toBeVisible();
  await expect(page.getByLabel("Wait up to (seconds)")).toHaveValue("6");
  const upload = page.getByRole("button", { name: "Upload canary object" });
  await expect(upload).toBeDisabled();
  await page.getByLabel("I understand the canary's replica cannot be deleted until its retention expires").check();
  await shot(page, testInfo, "verify-before-upload");
  await upload.click();

  await expect(page.getByRole("timer", { name: "Time since upload" })).toContainText("Elapsed 0:0");
  const key = (await page.getByText(/^Key: s3:\/\//).textContent())!.replace("Key: s3://lockbridge-demo-source/", "");
  expect(key).toMatch(/^lockbridge-canary\/.+\.txt$/);
  await shot(page, testInfo, "verify-polling");

  const verdict = page.locator("[data-canary-state]");
  await expect(verdict).toHaveAttribute("data-canary-state", "failed", { timeout: 20_000 });
  await expect(verdict).toContainText(
    "Replication FAILED for the canary (AssumeRoleNotPermitted): The replication role arn:aws:iam::111111111111:role/service-role/lockbridge-demo-source-to-lockbridge-demo-vault does not exist, so S3 cannot assume it.",
  );
  await expect(verdict).toContainText("S3 failure reason AssumeRoleNotPermitted, from the sandbox's replication failure event.");
  await expect(page.getByText("If replicated, the replica stays locked until at least:")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Replication status:" })).toContainText("FAILED");
  await expect(page.getByRole("region", { name: "Write calls made (recorded in the audit log)" })).toContainText(
    `PutObject lockbridge-demo-source/${key}: done`,
  );
  await shot(page, testInfo, "verify-failed");

  // The object is really there (read back from the emulator as the source account).
  const src = await emulatorClients(emulatorEndpoint(), "111111111111");
  try {
    const head = await src.s3.send(new HeadObjectCommand({ Bucket: "lockbridge-demo-source", Key: key }));
    expect(head.ContentLength).toBeGreaterThan(0);
    expect(head.ReplicationStatus).toBe("FAILED");
  } finally {
    src.destroy();
  }
  // Same bar as e2e/a11y.spec.ts: no serious or critical axe violation.
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);

  // The upload is in the audit log, with the canary as its target.
  await page.goto("/audit");
  await expect(page.getByText(`lockbridge-demo-source/${key}`).first()).toBeVisible();
});

test("an incomplete draft points back to the wizard instead of uploading anything", async ({ page }) => {
  await page.goto("/wizard/verify");
  await expect(page.getByText("Finish the wizard first")).toBeVisible();
  await expect(page.getByRole("button", { name: "Upload canary object" })).toHaveCount(0);
});
