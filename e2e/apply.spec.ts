// The whole journey against the emulator: connect, walk the steps, see the live diff, confirm,
// apply, watch every change finish, and find nothing left to change afterwards.
import { expect, test } from "./fixtures";
import { actAs, connectSandbox, doc, next, reseed, shot } from "./support";

test("connect, review the live diff, apply, then nothing to change", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // The vault already has a foreign Deny and Allow in its bucket policy: the diff must keep them.
  await reseed("foreign-content");

  await actAs(page, "Dana Ops", "/wizard/accounts");

  await connectSandbox(page);
  await next(page, "role");
  await next(page, "encryption");
  await next(page, "bucket-policy");

  // The live diff: foreign statements are shown as kept, ours as added.
  await page.getByRole("button", { name: "Refresh live state" }).click();
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible();
  const policy = doc(page, "bucketPolicy");
  await expect(policy).toContainText("DenyInsecureTransport");
  await expect(policy).toContainText("AuditorsRead");
  await expect(policy.locator(".diff-add").first()).toBeVisible();
  await next(page, "rule");
  await next(page, "review");
  await page
    .getByRole("link", { name: "Continue to apply" })
    .or(page.getByRole("button", { name: "Continue to apply" }))
    .click();
  await page.waitForURL("**/wizard/apply");

  await page.getByLabel(/Type the destination bucket name/).fill("lockbridge-demo-vault");
  await page.getByRole("button", { name: /^Apply \d+ changes?$/ }).click();
  await expect(page.getByRole("heading", { name: "Apply run" })).toBeVisible();
  await expect(page.locator(".apply-progress")).toBeVisible();
  await expect(page.getByText("Applied", { exact: true })).toBeVisible({ timeout: 60_000 });
  const steps = page.locator(".apply-progress [data-change]");
  const states = await steps.evaluateAll((els) => els.map((e) => e.getAttribute("data-state")));
  expect(states.length).toBeGreaterThan(3);
  expect(states.every((s) => s === "done" || s === "skipped")).toBe(true);
  await expect(page.locator('.apply-progress [data-change="destination.bucketPolicy"]')).toContainText("AWS request ID");
  await shot(page, testInfo, "apply-done");

  await page.reload();
  await expect(page.getByText("Nothing to change").first()).toBeVisible({ timeout: 30_000 });
  await shot(page, testInfo, "apply-nothing-to-change");

  // The audit log names who applied each write.
  await page.goto("/audit");
  await expect(page.getByText("PutBucketPolicy").first()).toBeVisible();
  await expect(page.getByText("Dana Ops").first()).toBeVisible();
});
