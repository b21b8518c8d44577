// Screenshots of every step at 1280 px and 390 px (test-results/screenshots/wizard-*.png), taken on an
// SSE-KMS walk with a prefix and tags so every conditional field and document is on screen.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { confirmObjectLock, next, planOnlyAccounts, shot } from "./support";

const STEPS = ["accounts", "object-lock", "role", "encryption", "bucket-policy", "rule", "review"] as const;

async function settle(page: Page) {
  await expect(page.getByText("Loading your draft…")).toHaveCount(0);
  await expect(page.locator("h1")).toBeVisible();
}

test("screenshots of every step at 1280 px and 390 px", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await planOnlyAccounts(page);
  await page.getByRole("button", { name: "Compliance vault" }).click();
  await confirmObjectLock(page);
  await next(page, "role");
  await next(page, "encryption");
  await page.getByLabel("Source KMS key ARN").fill("arn:aws:kms:eu-west-1:111111111111:key/1111aaaa-22bb-33cc-44dd-555555eeeeee");
  await page.getByLabel("Destination KMS key ARN").fill("arn:aws:kms:eu-west-1:222222222222:key/6666ffff-77aa-88bb-99cc-000000dddddd");
  await next(page, "bucket-policy");
  await next(page, "rule");
  await page.getByLabel("Objects to replicate").selectOption("prefix-tags");
  await page.getByLabel("Prefix", { exact: true }).fill("invoices/");
  await page.getByRole("button", { name: "Add tag" }).click();
  await page.getByLabel("Tag key 1").fill("classification");
  await page.getByLabel("Tag value 1").fill("finance");
  await next(page, "review");

  for (const [width, height] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    for (const slug of STEPS) {
      await page.goto(`/wizard/${slug}`);
      await settle(page);
      await shot(page, testInfo, `wizard-${slug}-${width}`);
    }
  }
  // The irreversible confirmation as it first appears (not yet confirmed, with the blocked Next).
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/wizard/object-lock");
  await settle(page);
  await page.getByLabel("Type the destination bucket name to confirm").fill("");
  await page.getByRole("button", { name: "Next: Replication role" }).click();
  await expect(page.locator("#objectLock-confirm-error")).toBeVisible();
  await shot(page, testInfo, "wizard-object-lock-unconfirmed-1280");
});
