// Preflight diagnostics in the browser, against the emulator: each misconfiguration seed is
// walked connected to Review, whose Diagnostics panel must name the problem and block "Continue to
// apply" only when a diagnostic is an error. Then a full apply to the clean sandbox: the Apply page reads
// the accounts again and shows that the live state allows every request replication makes.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { actAs, connectSandbox, next, reseed, shot } from "./support";

type Keys = { source: string; destination: string };

async function noSeriousViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`),
    `${where}: axe violations`,
  ).toEqual([]);
}

/** Accounts (connected) → Object Lock (confirmed) → … → Review, with SSE-KMS when keys are given. */
async function walkToReview(page: Page, kms?: Keys) {
  await connectSandbox(page);
  await next(page, "role");
  await next(page, "encryption");
  if (kms) {
    await page.getByLabel("Encryption", { exact: true }).selectOption("sse-kms");
    await page.getByLabel("Source KMS key ARN").fill(kms.source);
    await page.getByLabel("Destination KMS key ARN").fill(kms.destination);
  }
  await next(page, "bucket-policy");
  await next(page, "rule");
  await next(page, "review");
  // Review reads the live state on arrival and runs the diagnostics again once it has: wait for that run.
  await expect(page.getByText(/Compared with the live state read at/)).toBeVisible({ timeout: 30_000 });
}

/** The Review (or Apply) diagnostics region once its result is in. */
async function diagnostics(page: Page, name = "Diagnostics") {
  const region = page.locator(`section[aria-label="${name}"]`);
  await expect(region).toHaveAttribute("aria-busy", "false", { timeout: 30_000 });
  await expect(region.getByRole("heading", { name: "Permission simulation" })).toBeVisible();
  return region;
}

async function expectBlocked(page: Page, reason = /^Diagnostics found errors that would stop replication/) {
  await expect(page.locator("#apply-blocked")).toHaveText(reason);
  await expect(page.getByRole("button", { name: "Continue to apply" })).toBeDisabled();
  await expect(page.getByRole("link", { name: "Continue to apply" })).toHaveCount(0);
}

test.describe("Review diagnostics for a misconfigured vault", () => {
  test("versioning Suspended on the destination only warns", async ({ page }, testInfo) => {
    await reseed("diag-versioning-suspended");
    await walkToReview(page);
    const panel = await diagnostics(page);
    await expect(panel.getByRole("status").first()).toContainText("No blocking problems found.");
    await expect(panel.getByRole("region", { name: /^Warnings \(\d+\)$/ })).toContainText(
      "Versioning is Suspended on the destination lockbridge-demo-vault: someone turned it off on purpose.",
    );
    await expect(panel.getByRole("region", { name: /^Blocking/ })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Continue to apply" })).toHaveAttribute("href", "/wizard/apply");
    await expect(page.locator("#apply-blocked")).toHaveCount(0);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, testInfo, "diagnostics-versioning-suspended");
  });

  test("Requester Pays on the destination blocks", async ({ page }, testInfo) => {
    await reseed("diag-requester-pays");
    await walkToReview(page);
    const panel = await diagnostics(page);
    await expect(panel.getByRole("status").first()).toContainText("Preflight found problems that block apply.");
    const blocking = panel.getByRole("region", { name: /^Blocking \(\d+\)$/ });
    await expect(blocking).toContainText("The destination lockbridge-demo-vault is a Requester Pays bucket.");
    await expect(blocking).toContainText("Turn Requester Pays off on the vault bucket");
    await expectBlocked(page);
    await shot(page, testInfo, "diagnostics-requester-pays");
    await noSeriousViolations(page, "review with blocking diagnostics");
  });

  test("an AWS managed replica key (aws/s3) blocks", async ({ page }, testInfo) => {
    const seeded = await reseed("diag-aws-managed-key");
    const kms = { source: seeded.keys["alias/lockbridge-source"] ?? "", destination: seeded.keys["alias/aws/s3"] ?? "" };
    // The schema refuses alias ARNs, so the key's full ARN is typed, as someone copying it from the console would.
    expect(kms.destination, "seed maps alias/aws/s3 to its key ARN").toMatch(/^arn:aws:kms:eu-west-1:222222222222:key\//);
    await walkToReview(page, kms);
    const panel = await diagnostics(page);
    const blocking = panel.getByRole("region", { name: /^Blocking \(\d+\)$/ });
    await expect(blocking).toContainText("The replica key is AWS managed (such as aws/s3): its key policy cannot be changed");
    await expect(blocking).toContainText("Create a customer managed symmetric key in the destination account");
    // The plan engine refuses the key too (a plan error), and that reason comes first on the Apply card.
    await expect(page.getByRole("heading", { name: "Errors and warnings" }).locator("..")).toContainText(
      "This is an AWS managed key: its key policy cannot allow a role in another account.",
    );
    await expectBlocked(page, /^The plan has 1 error\(s\) listed above; fix them first\./);
    await shot(page, testInfo, "diagnostics-aws-managed-key");
  });

  test("a Deny on s3:ReplicateObject in the vault bucket policy blocks", async ({ page }, testInfo) => {
    await reseed("diag-deny-replicate");
    await walkToReview(page);
    const panel = await diagnostics(page);
    const blocking = panel.getByRole("region", { name: /^Blocking \(\d+\)$/ });
    await expect(blocking).toContainText(
      'The destination bucket policy, statement "OnlyVaultWriterReplicates" explicitly denies s3:ReplicateObject to the replication role.',
    );
    // The simulation table names the denying statement for that row.
    const row = panel.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "s3:ReplicateObject" }) });
    await expect(row).toContainText("Explicitly denied");
    await expect(row.getByText('Denying statement "OnlyVaultWriterReplicates"')).toBeVisible();
    await expectBlocked(page);
    await shot(page, testInfo, "diagnostics-deny-replicate");
  });
});

test("after a full apply, the live state allows every action replication needs", async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await reseed("sandbox");
  await actAs(page, "Dana Ops", "/wizard/accounts");

  await walkToReview(page);
  await expect((await diagnostics(page)).getByRole("status").first()).toContainText("No blocking problems found.");
  await page.getByRole("link", { name: "Continue to apply" }).click();
  await page.waitForURL("**/wizard/apply");
  await page.getByLabel(/Type the destination bucket name/).fill("lockbridge-demo-vault");
  await page.getByRole("button", { name: /^Apply \d+ changes?$/ }).click();
  await expect(page.getByText("Applied", { exact: true })).toBeVisible({ timeout: 60_000 });

  const after = await diagnostics(page, "Diagnostics after apply");
  const summary = after.getByTestId("after-apply-summary");
  await expect(summary).toContainText(/After apply: \d+ of \d+ actions allowed/);
  const [, allowed, total] = /After apply: (\d+) of (\d+) actions allowed/.exec((await summary.textContent()) ?? "") ?? [];
  expect(Number(total)).toBeGreaterThan(0);
  expect(allowed).toBe(total);
  // The panel's own summary: the re-read state allows all N, and applying again would too.
  const status = after.getByRole("status").first();
  await expect(status).toContainText("No blocking problems found.");
  await expect(status).toContainText(`Before apply: ${total} of ${total} actions allowed; after: ${total} of ${total}.`);
  await expect(summary).toContainText(
    "the live policies allow every request S3 makes as the replication role, and no diagnostic blocks replication.",
  );
  await expect(after.getByRole("region", { name: /^Blocking/ })).toHaveCount(0);
  await expect(after.getByRole("region", { name: /^Warnings/ })).toHaveCount(0);
  await expect(after.getByText("Not granted", { exact: true })).toHaveCount(0);
  await expect(after.getByText("(unverified)")).toHaveCount(0);
  await expect(after.getByText("Explicitly denied", { exact: true })).toHaveCount(0);
  await after.scrollIntoViewIfNeeded();
  await shot(page, testInfo, "diagnostics-after-apply");
  await noSeriousViolations(page, "apply page after the run");
});
