// What was seen, continued: the items that need the emulator's live state (4 diffs of meaning, 5 live
// state read by itself, 10 Verify's words), then a full walk of every page at 1280 and 390 px that
// screenshots each one (test-results/screenshots/walk-*.png; an SSE-KMS draft with a prefix and a tag
// filter, so every conditional field is on screen) and scans its rendered text for raw schema tokens.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { actAs, confirmObjectLock, connectSandbox, doc, filterByPrefixAndTag, next, planOnlyAccounts, reseed, shot } from "./support";

test("4. turning on only replication metrics shows only the metrics lines as changed", async ({ page }) => {
  // The verify seed holds our rule as S3 returns it: keys in another order than Lockbridge writes them.
  await reseed("verify");
  await connectSandbox(page);
  for (const slug of ["role", "encryption", "bucket-policy", "rule"]) await next(page, slug);
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible({ timeout: 20_000 });
  const replication = doc(page, "replication");
  await expect(replication).toContainText("same meaning as the live document");
  await expect(replication.locator(".diff-add, .diff-del")).toHaveCount(0);

  await page.getByLabel("Replication metrics").check();
  await expect(replication).toContainText("would update");
  await expect(replication.locator(".diff-del")).toHaveCount(0);
  const added = await replication.locator(".diff-add").allInnerTexts();
  expect(added.join("\n")).toContain("Metrics");
  expect(added.join("\n")).not.toMatch(/"(ID|Priority|Filter|DeleteMarkerReplication|Status": "Disabled)/);
});

test("5. with connected accounts the live state is read by itself, and again after a change", async ({ page }) => {
  await reseed("foreign-content");
  await connectSandbox(page);
  await next(page, "role");
  // No click on "Refresh live state": the read follows the input.
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible({ timeout: 20_000 });
  await expect(doc(page, "trust")).not.toContainText("state unknown");
  await page.getByLabel("Replication role name").fill("vault-replication-2");
  await expect(
    page.getByText("Reading the live state in both accounts…").or(page.getByText(/Compared with the live state read at/)),
  ).toBeVisible();
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible({ timeout: 20_000 });
  await expect(doc(page, "trust")).toContainText("would create");
  await expect(doc(page, "trust")).not.toContainText("state unknown");
  for (const slug of ["encryption", "bucket-policy"]) await next(page, slug);
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible({ timeout: 20_000 });
  await expect(doc(page, "bucketPolicy")).toContainText("Kept unchanged");
});

test("10. Verify does not say 'no rule matched' before saying the rule covers the canary", async ({ page }) => {
  await reseed("verify");
  const draft = readFileSync(path.join(__dirname, "..", "testing", "seeds", "verify-draft.json"), "utf8");
  await page.addInitScript((d) => window.localStorage.setItem("lockbridge:draft:v1", d), draft);
  // The canary upload is an AWS write: it needs a named person, like Apply.
  await actAs(page, "Alice");
  await page.goto("/wizard/verify?wait=6");
  await page.getByLabel("I understand the canary's replica cannot be deleted until its retention expires").check();
  await page.getByRole("button", { name: "Upload canary object" }).click();
  const verdict = page.locator("[data-canary-state]");
  await expect(verdict).toHaveAttribute("data-canary-state", /.+/, { timeout: 30_000 });
  const text = await verdict.innerText();
  expect(text).not.toContain("no rule matched");
  if (/covers the canary/.test(text)) expect(text).toContain("What Lockbridge checked:");
});

// ---- A full walk: every page, both widths, no raw schema text -----------------------------------------

const RAW = [
  /Invalid option/i,
  /\bexpected\b/i,
  /\breceived\b/i,
  /\b(accounts|objectLock|role|encryption|bucketPolicy|rule|existingObjects|source|destination|input|confirmations|retention)\.[a-z][A-Za-z0-9]*\b/,
];

async function settle(page: Page) {
  await expect(page.getByText("Loading your draft…")).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator("h1").first()).toBeVisible();
  // Pages that poll (Apply, Verify) never go network-idle: give late notices a moment instead.
  await page.waitForTimeout(400);
}

async function scan(page: Page, where: string) {
  const text = await page.locator("body").innerText();
  for (const re of RAW) {
    const m = text.match(re);
    expect(m, `${where} shows raw schema text "${m?.[0]}" (${re})`).toBeNull();
  }
}

test("full walk: every page at 1280 and 390 px, screenshots, no raw schema tokens", async ({ page }, testInfo) => {
  test.setTimeout(480_000);
  await reseed("sandbox");
  await actAs(page, "Walker", "/wizard/accounts");
  await planOnlyAccounts(page);
  await page.getByRole("button", { name: "Compliance vault" }).click();
  await confirmObjectLock(page);
  await next(page, "role");
  await next(page, "encryption");
  await page.getByLabel("Source KMS key ARN").fill("arn:aws:kms:eu-west-1:111111111111:key/1111aaaa-22bb-33cc-44dd-555555eeeeee");
  await page.getByLabel("Destination KMS key ARN").fill("arn:aws:kms:eu-west-1:222222222222:key/6666ffff-77aa-88bb-99cc-000000dddddd");
  await next(page, "bucket-policy");
  await next(page, "rule");
  // A prefix and a tag filter, so every conditional field and document of the rule is on screen.
  await filterByPrefixAndTag(page);
  await next(page, "review");
  // A saved plan for the plan pages.
  await page.goto("/plans/new");
  await page.getByRole("button", { name: "Save as plan for review" }).click();
  await page.waitForURL(/\/plans\/[A-Za-z0-9_-]{20,}$/);
  const planPath = new URL(page.url()).pathname;

  const pages: [string, string][] = [
    ["wizard-accounts", "/wizard/accounts"],
    ["wizard-object-lock", "/wizard/object-lock"],
    ["wizard-role", "/wizard/role"],
    ["wizard-encryption", "/wizard/encryption"],
    ["wizard-bucket-policy", "/wizard/bucket-policy"],
    ["wizard-rule", "/wizard/rule"],
    ["wizard-review", "/wizard/review"],
    ["wizard-apply", "/wizard/apply"],
    ["wizard-existing-objects", "/wizard/existing-objects"],
    ["wizard-verify", "/wizard/verify"],
    ["plans", "/plans"],
    ["plans-new", "/plans/new"],
    ["plan", planPath],
    ["audit", "/audit"],
    ["audit-bad-filter", "/audit?api=putbuckitpolicy&account=vault"],
    ["people", "/people?next=/plans"],
  ];
  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const [name, url] of pages) {
      await page.goto(url);
      await settle(page);
      await scan(page, `${url} at ${width} px`);
      await shot(page, testInfo, `walk-${name}-${width}`);
    }
    // States that only exist after an action. A changed source bucket: the role step is to be checked again.
    await page.goto("/wizard/accounts");
    await settle(page);
    await page.getByLabel("Source bucket").fill("changed-source");
    await page.getByRole("button", { name: "Continue to Destination Object Lock" }).click();
    await page.waitForURL("**/wizard/object-lock");
    await page.goto("/wizard/role");
    await settle(page);
    await expect(page.getByText("Check this step again")).toBeVisible();
    await scan(page, `role to check again at ${width} px`);
    await shot(page, testInfo, `walk-role-check-again-${width}`);
    // Another retention than the one confirmed: asked again, and the later steps wait for it.
    await page.goto("/wizard/object-lock");
    await settle(page);
    await page.getByLabel("Default retention years").fill("8");
    await expect(page.getByText("Not confirmed yet.")).toBeVisible();
    await scan(page, `object-lock after a change at ${width} px`);
    await shot(page, testInfo, `walk-object-lock-reconfirm-${width}`);
    await page.goto("/wizard/rule");
    await settle(page);
    await expect(page.getByText("Finish the earlier steps first")).toBeVisible();
    await scan(page, `rule gate at ${width} px`);
    await shot(page, testInfo, `walk-rule-gate-${width}`);
    // Back to a complete draft for the next width.
    await page.goto("/wizard/accounts");
    await settle(page);
    await page.getByLabel("Source bucket").fill("lockbridge-demo-source");
    await page.getByRole("button", { name: "Continue to Destination Object Lock" }).click();
    await page.waitForURL("**/wizard/object-lock");
    await page.getByLabel("Default retention years").fill("7");
    await confirmObjectLock(page);
    for (const slug of ["role", "encryption", "bucket-policy", "rule", "review"]) await next(page, slug);
  }
  // A connected Review, with diagnostics and live diffs (the densest page).
  await page.setViewportSize({ width: 1280, height: 900 });
  await connectSandbox(page);
  for (const slug of ["role", "encryption", "bucket-policy", "rule", "review"]) await next(page, slug);
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('section[aria-label="Diagnostics"]')).toHaveAttribute("aria-busy", "false", { timeout: 60_000 });
  await scan(page, "connected review");
  await shot(page, testInfo, "walk-review-connected-1280");
  // A phone opens Review at its own width: documents start folded there (the list of calls says what each
  // does), and only the simulation rows that need attention are open (it was 15,700 px with all open).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('section[aria-label="Diagnostics"]')).toHaveAttribute("aria-busy", "false", { timeout: 60_000 });
  await expect(page.locator("details.doc-card[open]")).toHaveCount(0);
  await page.locator("details.doc-card summary").first().click();
  await expect(page.locator("details.doc-card[open]")).toHaveCount(1);
  await page.locator("details.doc-card summary").first().click();
  await shot(page, testInfo, "walk-review-connected-390");
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, "Review at 390 px, in CSS pixels").toBeLessThan(8500);

  // The irreversible confirmation as it first appears: not confirmed yet, and Next blocked.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/wizard/object-lock");
  await settle(page);
  await page.getByLabel("Type the destination bucket name to confirm").fill("");
  await page.getByRole("button", { name: "Next: Replication role" }).click();
  await expect(page.locator("#objectLock-confirm-error")).toBeVisible();
  await scan(page, "object-lock unconfirmed");
  await shot(page, testInfo, "walk-object-lock-unconfirmed-1280");
});
