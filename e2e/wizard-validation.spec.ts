// Each step refuses invalid input next to the field and stays put; the irreversible Object Lock
// change cannot be passed without typing the vault's name.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { confirmObjectLock, fillAccounts, next, planOnlyAccounts } from "./support";

async function blocked(page: Page, slug: string, errorId: string, text: string | RegExp) {
  await page.getByRole("button", { name: /^Next: / }).click();
  await expect(page.locator(`#${errorId}`)).toContainText(text);
  await expect(page).toHaveURL(new RegExp(`/wizard/${slug}$`));
}

test("invalid input on each step shows the field error and blocks Next", async ({ page }) => {
  // Accounts (plan-only): Continue validates the form.
  await page.goto("/wizard/accounts");
  await fillAccounts(page, { source: { access: "plan-only", accountId: "12345" }, destination: { access: "plan-only" } });
  await page.getByRole("button", { name: "Continue to Destination Object Lock" }).click();
  await expect(page.locator("#source-accountId-error")).toHaveText("An AWS account ID is exactly 12 digits, e.g. 111122223333.");
  await expect(page).toHaveURL(/\/wizard\/accounts$/);
  await page.getByLabel("Source account ID").fill("222222222222");
  await page.getByRole("button", { name: "Continue to Destination Object Lock" }).click();
  await expect(page.locator("#destination-accountId-error")).toContainText("the destination account must differ");
  await page.getByLabel("Source account ID").fill("111111111111");
  await page.getByRole("button", { name: "Continue to Destination Object Lock" }).click();
  await page.waitForURL("**/wizard/object-lock");

  // Object Lock: errors on blur, and on Next.
  await page.getByLabel("Set a default retention").check();
  await page.getByLabel("Default retention days").fill("0");
  await page.getByLabel("Default retention days").blur();
  await expect(page.locator("#objectLock-value-error")).toHaveText("Retention is at least 1.");
  await page.getByLabel("Default retention unit").selectOption("Years");
  await page.getByLabel("Default retention years").fill("101");
  await confirmObjectLock(page);
  await blocked(page, "object-lock", "objectLock-value-error", "at most 100 years");
  await page.getByLabel("Default retention years").fill("7");
  // The confirmation was for 101 years: 7 years is another retention, confirmed again.
  await expect(page.getByText("Not confirmed yet.")).toBeVisible();
  await confirmObjectLock(page);
  await next(page, "role");

  await page.getByLabel("Replication role name").fill("not a valid name!");
  await blocked(page, "role", "role-roleName-error", "A role name is 1 to 64 characters");
  await page.getByLabel("Reuse an existing role").check();
  await page.getByLabel("Existing role name or ARN").fill("arn:aws:iam::999999999999:role/elsewhere");
  await blocked(page, "role", "role-role-error", "must be in the source account 111111111111");
  await page.getByLabel("Create a new role").check();
  await page.getByLabel("Replication role name").fill("lockbridge-replication");
  await next(page, "encryption");

  await page.getByLabel("Encryption", { exact: true }).selectOption("sse-kms");
  await page.getByLabel("Source KMS key ARN").fill("alias/aws/s3");
  await page.getByLabel("Destination KMS key ARN").fill("arn:aws:kms:eu-west-1:333333333333:key/6666ffff-77aa-88bb-99cc-000000dddddd");
  await blocked(page, "encryption", "encryption-sourceKeyArn-error", "AWS managed S3 key");
  await page.getByLabel("Source KMS key ARN").fill("arn:aws:kms:eu-west-1:111111111111:key/1111aaaa-22bb-33cc-44dd-555555eeeeee");
  await blocked(page, "encryption", "encryption-destinationKeyArn-error", "must be in the destination account 222222222222");
  await page.getByLabel("Encryption", { exact: true }).selectOption("none");
  await next(page, "bucket-policy");
  // The bucket policy step has nothing to type: its statement follows from the other steps.
  await next(page, "rule");

  await page.getByLabel("Rule ID").fill("");
  await page.getByLabel("Priority").fill("-1");
  await blocked(page, "rule", "rule-priority-error", "Priority is 0 or more.");
  await page.getByLabel("Priority").fill("1");
  await page.getByLabel("Objects to replicate").selectOption("prefix");
  await blocked(page, "rule", "rule-prefix-error", "Enter a prefix, or choose the whole bucket.");
  await page.getByLabel("Objects to replicate").selectOption("tags");
  await page.getByRole("button", { name: "Add tag" }).click();
  await page.getByLabel("Tag key 1").fill("classification");
  await page.getByLabel("Delete marker replication").check();
  await blocked(page, "rule", "rule-deleteMarkerReplication-error", "not supported with a tag filter");
  await page.getByLabel("Delete marker replication").uncheck();
  await next(page, "review");
  await expect(page.getByText("The input is complete")).toBeVisible();
});

test("the Object Lock confirmation cannot be skipped", async ({ page }) => {
  await planOnlyAccounts(page);
  const stepper = page.getByRole("navigation", { name: "Wizard steps" });

  // Next without typing: blocked with the reason next to the field.
  await page.getByRole("button", { name: "Next: Replication role" }).click();
  await expect(page.locator("#objectLock-confirm-error")).toContainText("Type lockbridge-demo-vault exactly");
  await expect(page).toHaveURL(/\/wizard\/object-lock$/);
  await expect(page.locator(".irreversible")).toContainText("Object Lock can never be turned off");

  // Almost the name is not the name.
  await page.getByLabel("Type the destination bucket name to confirm").fill("lockbridge-demo-vaul");
  await page.getByRole("button", { name: "Next: Replication role" }).click();
  await expect(page).toHaveURL(/\/wizard\/object-lock$/);

  // Later steps are not reachable by the stepper or by URL.
  await expect(stepper.getByRole("link", { name: /Replication role/ })).toHaveCount(0);
  await page.goto("/wizard/role");
  await expect(page.getByText("Finish the earlier steps first")).toBeVisible();
  await expect(page.getByLabel("Replication role name")).toHaveCount(0);

  // Confirmed, then COMPLIANCE chosen: the confirmation no longer counts.
  await page.goto("/wizard/object-lock");
  await confirmObjectLock(page);
  await expect(page.getByText("Confirmed for lockbridge-demo-vault.")).toBeVisible();
  await page.getByLabel("Set a default retention").check();
  await page.getByLabel("Default retention mode").selectOption("COMPLIANCE");
  await expect(page.getByText("You changed the retention mode after confirming: confirm again.")).toBeVisible();
  await expect(page.getByLabel("Type the destination bucket name to confirm")).toHaveValue("");
  await page.getByRole("button", { name: "Next: Replication role" }).click();
  await expect(page).toHaveURL(/\/wizard\/object-lock$/);
  await confirmObjectLock(page);
  await expect(page.getByText("Confirmed for lockbridge-demo-vault with COMPLIANCE retention.")).toBeVisible();
  await next(page, "role");
  await expect(stepper.getByRole("link", { name: /Destination Object Lock.*\(done\)/ })).toBeVisible();
});
