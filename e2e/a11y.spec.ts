// axe on every step of a plan-only walk (filled in, so conditional fields and the preview are present):
// no serious or critical violation.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { confirmObjectLock, fillKmsKeys, filterByPrefixAndTag, next, planOnlyAccounts } from "./support";

async function noSeriousViolations(page: Page, where: string) {
  // A client-side navigation swaps the document's <title> as it commits: scan once the page has one.
  await expect(page).toHaveTitle(/Lockbridge/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
  expect(report, `${where}: axe violations`).toEqual([]);
}

test("no serious or critical axe violation on any step", async ({ page }) => {
  await page.goto("/wizard/accounts");
  await expect(page.getByLabel("Source account ID")).toBeVisible();
  await noSeriousViolations(page, "accounts (empty)");

  await planOnlyAccounts(page);
  await page.getByRole("button", { name: "Compliance vault" }).click();
  await noSeriousViolations(page, "object-lock (unconfirmed, COMPLIANCE)");
  await page.getByRole("button", { name: "Next: Replication role" }).click();
  await expect(page.locator("#objectLock-confirm-error")).toBeVisible();
  await noSeriousViolations(page, "object-lock (with errors)");
  await confirmObjectLock(page);
  await next(page, "role");
  await noSeriousViolations(page, "role");
  await next(page, "encryption");
  await fillKmsKeys(page);
  await noSeriousViolations(page, "encryption");
  await next(page, "bucket-policy");
  await noSeriousViolations(page, "bucket-policy");
  await next(page, "rule");
  await filterByPrefixAndTag(page);
  await noSeriousViolations(page, "rule");
  await next(page, "review");
  await expect(page.getByText("Plan only: download the exports; nothing has been applied.")).toBeVisible();
  await noSeriousViolations(page, "review");

  // Narrow screens reflow the stepper and the preview; check them too.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const slug of ["accounts", "object-lock", "rule", "review"]) {
    await page.goto(`/wizard/${slug}`);
    await expect(page.locator("h1")).toBeVisible();
    await expect(page.getByText("Loading your draft…")).toHaveCount(0);
    await noSeriousViolations(page, `${slug} at 390 px`);
  }
});
