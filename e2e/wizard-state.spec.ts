// What was seen in the sandbox walk (issue "What you typed is what is planned, shown and applied"),
// each reproduced as a person would do it, then the fix observed on screen. Items 1-8 and 11 here;
// 4, 5, 10, 12 and 13 need applied state and live in wizard-state-live.spec.ts.
import { writeFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { actAs, confirmObjectLock, connectSandbox, next, planOnlyAccounts, reseed } from "./support";

const stepper = (page: Page) => page.getByRole("navigation", { name: "Wizard steps" });

/** A plan-only draft with every step completed (Next clicked on each), ending on Review. */
async function planOnlyToReview(page: Page) {
  await planOnlyAccounts(page);
  await confirmObjectLock(page);
  for (const slug of ["role", "encryption", "bucket-policy", "rule", "review"]) await next(page, slug);
  await expect(page.getByText("The input is complete")).toBeVisible();
}

test("1. an edit on Accounts is kept, and the steps built on it are marked for review with the reason", async ({ page }) => {
  await planOnlyToReview(page);
  await expect(stepper(page).getByRole("link", { name: "Replication role (done)" })).toBeVisible();

  await page.goto("/wizard/accounts");
  await page.getByLabel("Source bucket").fill("another-source");
  // Leaving the step does not throw the edit away.
  await page.goto("/wizard/role");
  await expect(page.getByText("Finish the earlier steps first")).toBeVisible();
  await expect(page.getByText("The accounts changed since they were connected: connect again.")).toBeVisible();
  await page.goto("/wizard/accounts");
  await expect(page.getByLabel("Source bucket")).toHaveValue("another-source");
  await page.getByRole("button", { name: "Continue to Destination Object Lock" }).click();
  await page.waitForURL("**/wizard/object-lock");

  // The destination did not change: Object Lock stays done. The role is built on the buckets: review it.
  await expect(stepper(page).getByRole("link", { name: "Destination Object Lock (done)" })).toBeVisible();
  await expect(stepper(page).getByRole("link", { name: "Replication role (check again)" })).toBeVisible();
  await page.goto("/wizard/role");
  await expect(page.getByText("Check this step again")).toBeVisible();
  await expect(page.getByText("Accounts and buckets changed after you completed this step")).toBeVisible();
  await expect(page.getByLabel("Replication role name")).toHaveValue("lockbridge-another-source-to-lockbridge-demo-vault");
  // Apply is not offered for the old input.
  await page.goto("/wizard/apply");
  await expect(page.getByText("Finish the earlier steps first")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Apply \d+ change/ })).toHaveCount(0);

  // The same-account setup is refused on the field and blocks the later steps.
  await page.goto("/wizard/accounts");
  await page.getByLabel("Destination account ID").fill("111111111111");
  await page.getByLabel("Destination account ID").blur();
  await expect(page.getByText("the destination account must differ from the source account")).toBeVisible();
  await page.goto("/wizard/rule");
  await expect(page.getByText("Finish the earlier steps first")).toBeVisible();
  await page.goto("/wizard/accounts");
  await expect(page.getByLabel("Destination account ID")).toHaveValue("111111111111");
});

test("2. after a template reset, Apply opened directly offers nothing", async ({ page }) => {
  await planOnlyToReview(page);
  await page.getByRole("button", { name: "Backup copy" }).click();
  await page.goto("/wizard/object-lock");
  await expect(page.getByText("Not confirmed yet.")).toBeVisible();
  await page.goto("/wizard/apply");
  await expect(page.getByText("Finish the earlier steps first")).toBeVisible();
  await expect(page.getByRole("link", { name: "Destination Object Lock" }).last()).toBeVisible();
  await expect(page.getByText(/Plan ready/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Apply \d+ change/ })).toHaveCount(0);
});

test("3. a COMPLIANCE confirmation is bound to the period and unit it was given for", async ({ page }) => {
  await planOnlyAccounts(page);
  await page.getByLabel("Set a default retention").check();
  await page.getByLabel("Default retention mode").selectOption("COMPLIANCE");
  await page.getByLabel("Default retention days").fill("30");
  await confirmObjectLock(page);
  await expect(
    page.getByText(
      "Confirmed for lockbridge-demo-vault with COMPLIANCE retention. The confirmation is for 30 days: another period asks again.",
    ),
  ).toBeVisible();

  await page.getByLabel("Default retention days").fill("36500");
  await expect(page.getByText("Not confirmed yet.")).toBeVisible();
  await expect(
    page.getByText(/You confirmed lockbridge-demo-vault with COMPLIANCE retention for 30 days; the step now asks for .*36,500 days/),
  ).toBeVisible();
  await page.getByRole("button", { name: "Next: Replication role" }).click();
  await expect(page).toHaveURL(/\/wizard\/object-lock$/);

  await confirmObjectLock(page);
  await expect(
    page.getByText(
      "Confirmed for lockbridge-demo-vault with COMPLIANCE retention. The confirmation is for 36,500 days: another period asks again.",
    ),
  ).toBeVisible();
  await page.getByLabel("Default retention unit").selectOption("Years");
  await page.getByLabel("Default retention years").fill("100");
  await expect(page.getByText("Not confirmed yet.")).toBeVisible();
  await confirmObjectLock(page);
  await expect(
    page.getByText(
      "Confirmed for lockbridge-demo-vault with COMPLIANCE retention. The confirmation is for 100 years: another period asks again.",
    ),
  ).toBeVisible();
  await next(page, "role");
});

test("6. two tabs on one draft: the stale tab is told and chooses, nothing is lost silently", async ({ page, context }) => {
  await planOnlyToReview(page);
  await page.goto("/wizard/rule");
  const other = await context.newPage();
  await other.goto("/wizard/rule");
  await expect(other.getByLabel("Priority")).toHaveValue("0");
  await expect(page.getByText("This draft was changed in another tab")).toHaveCount(0);

  await page.getByLabel("Priority").fill("5");
  await expect(other.getByText("This draft was changed in another tab")).toBeVisible();
  // The stale tab's own edit is held, not written over the other tab's.
  await other.getByLabel("Priority").fill("8");
  await other.getByRole("button", { name: "Load the other tab's version" }).click();
  await expect(other.getByLabel("Priority")).toHaveValue("5");

  await other.getByLabel("Priority").fill("9");
  await expect(page.getByText("This draft was changed in another tab")).toBeVisible();
  await page.getByRole("button", { name: "Keep mine (replace the other version)" }).click();
  await expect(other.getByText("This draft was changed in another tab")).toBeVisible();
  await other.getByRole("button", { name: "Load the other tab's version" }).click();
  await expect(other.getByLabel("Priority")).toHaveValue("5");
  await other.close();
});

test("7. Apply asks for a name before offering to apply, and the name prompt returns to Apply", async ({ page }) => {
  await planOnlyToReview(page);
  await page.goto("/wizard/apply");
  await expect(page.getByText("Tell Lockbridge who you are first")).toBeVisible();
  await expect(page.getByText(/Something went wrong|person:/)).toHaveCount(0);
  await page.getByRole("link", { name: "Tell Lockbridge your name" }).click();
  await page.waitForURL(/\/people\?next=/);
  await page.getByLabel("Your name").fill("Robin Admin");
  await page.getByRole("button", { name: /^(Continue|Change name)$/ }).click();
  await page.waitForURL("**/wizard/apply");
  await expect(page.getByTestId("acting-as")).toContainText("Acting as Robin Admin");
  await expect(page.getByText("Tell Lockbridge who you are first")).toHaveCount(0);
  // The header link brings the person back too.
  await page.goto("/wizard/rule");
  await page.getByTestId("acting-as").getByRole("link", { name: "(change)" }).click();
  await page.waitForURL(/\/people\?next=%2Fwizard%2Frule/);
});

test("8. a bad import file is reported at the top of the page, in words, inside its box (390 px)", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await planOnlyAccounts(page);
  const bad = testInfo.outputPath("bad-input.json");
  await writeFile(
    bad,
    JSON.stringify({
      accounts: {
        source: { accountId: "111111111111", region: "eu-west-1", bucket: "lockbridge-demo-source", access: "robot" },
        destination: { accountId: "222222222222", region: "eu-west-1", bucket: "lockbridge-demo-vault", access: "plan-only" },
      },
      role: { mode: "create", roleName: "", path: "/service-role/" },
      encryption: { mode: "none" },
      rule: { ownerOverride: "yes", priority: -3, storageClass: "GLACIER_FLEXIBLE" },
    }),
  );
  await page.getByLabel("Import input").setInputFiles(bad);
  const status = page.locator("#draft-status");
  await expect(status).toContainText("Import failed: nothing was changed");
  await expect(status).toBeInViewport();
  await expect(status).toContainText("Accounts and buckets › Source › access: Choose one of: role, server, plan-only.");
  await expect(status).toContainText("Replication rule › owner override: Must be true or false.");
  await expect(status).toContainText("Replication rule › priority: Priority is 0 or more.");
  const text = await status.innerText();
  expect(text).not.toMatch(/Invalid option|expected|received|accounts\.source|rule\.ownerOverride/);
  const spills = await status.locator(".notice").evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  expect(spills).toBe(false);
});

test("11. Lockbridge's own access role is refused as the replication role; a missing role is said on the field", async ({ page }) => {
  await reseed("sandbox");
  await connectSandbox(page);
  await next(page, "role");
  await page.getByLabel("Reuse an existing role").check();
  await page.getByLabel("Existing role name or ARN").fill("LockbridgeAdmin");
  await page.getByLabel("Existing role name or ARN").blur();
  await expect(page.locator("#role-role-error")).toContainText("LockbridgeAdmin is the role Lockbridge uses to reach the source account");
  await page.getByRole("button", { name: "Next: Encryption" }).click();
  await expect(page).toHaveURL(/\/wizard\/role$/);

  await page.getByLabel("Existing role name or ARN").fill("no-such-replication-role");
  await expect(page.locator("#role-role-error")).toContainText("does not exist in the source account", { timeout: 15_000 });
});

test("the name prompt from the header returns to where the person was", async ({ page }) => {
  await actAs(page, "Sam Reviewer", "/audit");
  await page.getByTestId("acting-as").getByRole("link", { name: "(change)" }).click();
  await page.waitForURL(/\/people\?next=%2Faudit/);
  await page.getByLabel("Your name").fill("Sam Approver");
  await page.getByRole("button", { name: "Change name" }).click();
  await page.waitForURL("**/audit");
});
