// Screenshots of every step at 1280 px and 390 px (test-results/screenshots/wizard-*.png), taken on an
// SSE-KMS walk with a prefix and tags so every conditional field and document is on screen.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { confirmObjectLock, fillKmsKeys, filterByPrefixAndTag, next, planOnlyAccounts, shot } from "./support";

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
  await fillKmsKeys(page);
  await next(page, "bucket-policy");
  await next(page, "rule");
  await filterByPrefixAndTag(page);
  await next(page, "review");

  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ] as const) {
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
