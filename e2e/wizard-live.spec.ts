// Connected walk against the emulator: the preview and Review diff against what is live, foreign
// statements are shown as kept, and Continue to apply is offered once the live state was read.
import { expect, test } from "./fixtures";
import { connectSandbox, doc, next, reseed } from "./support";

test.beforeEach(async () => {
  await reseed("foreign-content");
});

test("connected: live state is read, diffs keep foreign statements, apply is offered", async ({ page }) => {
  await connectSandbox(page);
  for (const slug of ["role", "encryption", "bucket-policy"]) await next(page, slug);

  // Connected: the live state is read by itself (no click), so the diff is against what is live.
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible({ timeout: 20_000 });
  await expect(doc(page, "bucketPolicy")).not.toContainText("state unknown");
  const policy = doc(page, "bucketPolicy");
  await expect(policy).toContainText("would update");
  await expect(policy).toContainText("Kept unchanged");
  await expect(policy).toContainText("DenyInsecureTransport");
  await expect(policy).toContainText("AuditorsRead");
  await expect(policy.locator(".diff-add").first()).toBeVisible();
  await expect(policy.locator(".diff-del")).toHaveCount(0);

  await next(page, "rule");
  await next(page, "review");
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible();
  await expect(page.locator('[data-change="source.replication"]')).toContainText("would update");
  await expect(page.getByRole("link", { name: "Continue to apply" })).toHaveAttribute("href", "/wizard/apply");
});
