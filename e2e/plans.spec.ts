// Saved plans end to end against the emulator: author and reviewer are two people (named through the
// "Your name" form), approval is bound to the exact changes, apply writes the audit log, drift blocks
// apply with the reason, editing withdraws an approval, and a rollback is reviewed like any plan.
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, GetBucketReplicationCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { defaultWizardInput, type WizardFormValues } from "../lib/schema/wizard";
import { emulatorClients } from "../testing/emulator";
import { actAs, emulatorEndpoint, reseed, shot } from "./support";

const VAULT = "lockbridge-demo-vault";
const SOURCE = "lockbridge-demo-source";
const SRC = "111111111111";
const DST = "222222222222";

/** Sandbox accounts, no KMS; a rule ID unique to the test so its plans are told apart in lists. */
function values(ruleId: string): WizardFormValues {
  return defaultWizardInput({
    accounts: {
      source: { accountId: SRC, region: "eu-west-1", bucket: SOURCE, access: "role", roleArn: `arn:aws:iam::${SRC}:role/LockbridgeAdmin` },
      destination: {
        accountId: DST,
        region: "eu-west-1",
        bucket: VAULT,
        access: "role",
        roleArn: `arn:aws:iam::${DST}:role/LockbridgeAdmin`,
      },
    },
    rule: { ruleId: `${ruleId}-${Date.now().toString(36)}` },
  });
}

/** Puts `v` in the wizard draft of this browser and saves it from /plans/new; returns the plan id. */
async function saveAsPlan(page: Page, v: WizardFormValues): Promise<string> {
  await page.goto("/plans/new");
  await page.evaluate((draft) => {
    localStorage.setItem("lockbridge:draft:v1", JSON.stringify({ values: draft }));
    localStorage.removeItem("lockbridge:editing-plan:v1");
  }, v);
  await page.reload();
  await page.getByRole("button", { name: "Save as plan for review" }).click();
  await page.waitForURL(/\/plans\/[A-Za-z0-9_-]{20,}$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

const planStatus = (page: Page) => page.locator("main header [data-status]");
/** The refusal notice of a plan action (Next's route announcer is an alert too). */
const refusal = (page: Page) => page.locator('main .notice-error[role="alert"]');
const comment = (page: Page, text: string) => page.getByLabel("Comment", { exact: true }).fill(text);

async function click(page: Page, name: string | RegExp, expected: string) {
  await page.getByRole("button", { name }).click();
  await expect(planStatus(page)).toHaveAttribute("data-status", expected, { timeout: 20_000 });
}

async function submitThenApprove(page: Page, id: string, reviewer: string) {
  await click(page, "Submit for review", "submitted");
  await actAs(page, reviewer);
  await page.goto(`/plans/${id}`);
  await comment(page, "Looks right: only our statements and rule.");
  await click(page, "Approve", "approved");
}

async function admin(account: string) {
  return emulatorClients(emulatorEndpoint(), account);
}

test("Alice saves and submits, Bob approves and applies, the audit log shows every write, and a reviewed rollback undoes it", async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await reseed("sandbox");
  await actAs(page, "Alice");
  const id = await saveAsPlan(page, values("main"));
  await expect(planStatus(page)).toHaveAttribute("data-status", "draft");
  await expect(page.locator('[data-change="destination.bucketPolicy"]')).toContainText("PutBucketPolicy");
  await expect(page.getByRole("heading", { name: "Diagnostics" })).toBeVisible();
  await expect(page.getByText("Live state matches")).toBeVisible();
  await shot(page, testInfo, "plans-01-draft");

  await submitThenApprove(page, id, "Bob");
  await expect(page.getByText("Approved by")).toBeVisible();
  await page.getByLabel(/Type the destination bucket name/).fill(VAULT);
  await page.getByRole("button", { name: "Apply approved plan" }).click();
  await expect(page.locator('[data-run-status="succeeded"]')).toBeVisible({ timeout: 30_000 });
  await expect(planStatus(page)).toHaveAttribute("data-status", "applied", { timeout: 15_000 });
  await shot(page, testInfo, "plans-02-applied");
  const history = page.getByRole("list", { name: "Plan history" });
  for (const e of ["created", "submitted", "approved", "apply started", "apply finished"])
    await expect(history.locator(`[data-event="${e}"]`)).toHaveCount(1);

  // The audit log: one entry per write call, with before and after.
  await page.goto(`/audit?planId=${id}`);
  const writes = ["PutObjectLockConfiguration", "CreateRole", "PutRolePolicy", "PutBucketPolicy", "PutBucketReplication"];
  await expect(page.getByRole("status").filter({ hasText: "matching write call" })).toContainText(`${writes.length} matching write calls`);
  for (const api of writes) await expect(page.locator(`[data-api="${api}"][data-result="ok"]`)).toHaveCount(1);
  const policy = page.locator('[data-api="PutBucketPolicy"]');
  await expect(policy).toContainText("by Bob");
  await expect(policy).toContainText(`destination account ${DST}`);
  await expect(policy.getByText("Before (PutBucketPolicy lockbridge-demo-vault) (none)")).toBeVisible();
  await policy.getByText("After (PutBucketPolicy lockbridge-demo-vault)").click();
  await expect(policy.getByLabel("After (PutBucketPolicy lockbridge-demo-vault)")).toContainText("LockbridgeReplication");
  await shot(page, testInfo, "plans-03-audit");
  // Item 12: the API filter ignores case; a filter that cannot match says so and lists nothing.
  await page.goto(`/audit?planId=${id}&api=putbucketpolicy`);
  await expect(page.locator('[data-api="PutBucketPolicy"]')).toHaveCount(1);
  await expect(page.locator("[data-api]")).toHaveCount(1);
  await page.goto("/audit?api=PutBuckitPolicy");
  await expect(page.getByText("This filter cannot match anything")).toBeVisible();
  await expect(page.getByText(/No write call is named “PutBuckitPolicy”/)).toBeVisible();
  await expect(page.locator("[data-api]")).toHaveCount(0);
  await page.goto("/audit?account=vault");
  await expect(page.getByText("“vault” is not an account")).toBeVisible();
  await page.goto(`/audit?planId=${id}`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download JSON Lines" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^lockbridge-audit-.*\.jsonl$/);
  const { readFile } = await import("node:fs/promises");
  const lines = (await readFile((await file.path())!, "utf8"))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { api: string; planId: string });
  expect(lines.map((l) => l.api)).toEqual(expect.arrayContaining(writes));
  expect(lines.every((l) => l.planId === id)).toBe(true);

  // Rollback: a new plan, reviewed and approved by someone else, restoring what was there before.
  await page.goto(`/plans/${id}`);
  await page.getByRole("button", { name: "Roll back…" }).click();
  await page.waitForURL((u) => u.pathname.startsWith("/plans/") && !u.pathname.endsWith(id));
  const rollbackId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByRole("heading", { name: /Rollback plan/ })).toBeVisible();
  await expect(page.locator("[data-rollback-step]")).toHaveCount(4);
  await expect(page.getByRole("heading", { name: "Cannot be rolled back" })).toBeVisible();
  await expect(page.getByText("Object Lock cannot be turned off")).toBeVisible();
  await shot(page, testInfo, "plans-04-rollback-draft");
  // Item 13: no internal change IDs on the rollback page; the applied plan links to its rollback, and
  // "Roll back…" again opens that rollback instead of creating another empty one; the list marks it.
  expect(await page.locator("main").innerText()).not.toMatch(
    /\b(destination|source)\.(objectLock|versioning|role|rolePolicy|bucketPolicy|keyPolicy|replication)\b/,
  );
  await page.goto(`/plans/${id}`);
  await expect(page.getByRole("link", { name: rollbackId.slice(0, 8), exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Roll back…" })).toHaveCount(0);
  await page.getByRole("link", { name: `Open its rollback plan ${rollbackId.slice(0, 8)}` }).click();
  await page.waitForURL(`**/plans/${rollbackId}`);
  await page.goto("/plans");
  await expect(page.locator(`[data-plan="${rollbackId}"]`)).toContainText(`Rollback of ${id.slice(0, 8)}`);
  await expect(page.locator(`[data-plan="${id}"]`)).not.toContainText("Rollback of");
  await page.goto(`/plans/${rollbackId}`);
  await submitThenApprove(page, rollbackId, "Alice");
  await page.getByRole("button", { name: "Apply approved plan" }).click();
  await expect(page.locator('[data-run-status="succeeded"]')).toContainText("Rolled back");
  await expect(planStatus(page)).toHaveAttribute("data-status", "applied", { timeout: 15_000 });
  await shot(page, testInfo, "plans-05-rolled-back");

  const dst = await admin(DST);
  const src = await admin(SRC);
  try {
    await expect(dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).rejects.toMatchObject({ name: "NoSuchBucketPolicy" });
    await expect(src.s3.send(new GetBucketReplicationCommand({ Bucket: SOURCE }))).rejects.toMatchObject({
      name: "ReplicationConfigurationNotFoundError",
    });
  } finally {
    dst.destroy();
    src.destroy();
  }
  await page.goto(`/audit?planId=${rollbackId}`);
  for (const api of ["DeleteBucketReplication", "DeleteBucketPolicy", "DeleteRolePolicy", "DeleteRole"])
    await expect(page.locator(`[data-api="${api}"]`)).toHaveCount(1);
});

test("four eyes: the author cannot approve their own plan", async ({ page }, testInfo) => {
  await reseed("sandbox");
  await page.goto("/people");
  await expect(page.getByText("This is not a sign-in")).toBeVisible();
  await shot(page, testInfo, "plans-00-name-form");
  await actAs(page, "Alice");
  await saveAsPlan(page, values("four-eyes"));
  await click(page, "Submit for review", "submitted");
  // The author is told once why, and is never offered the Approve the server would refuse.
  await expect(page.getByText("Four eyes: you (Alice) wrote or edited this plan")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(planStatus(page)).toHaveAttribute("data-status", "submitted");
  await actAs(page, "Bob");
  await page.goto(new URL(page.url()).pathname === "/plans" ? "/plans" : page.url());
  await shot(page, testInfo, "plans-06-four-eyes");
});

test("editing an approved plan in the wizard and saving it again returns it to draft", async ({ page }, testInfo) => {
  await reseed("sandbox");
  await actAs(page, "Alice");
  const id = await saveAsPlan(page, values("edit"));
  await submitThenApprove(page, id, "Bob");
  await actAs(page, "Alice");
  await page.goto(`/plans/${id}`);
  await page.getByRole("button", { name: "Edit in wizard" }).click();
  await page.waitForURL("**/wizard/**");
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem("lockbridge:draft:v1") ?? "{}") as { values?: WizardFormValues });
  expect(draft.values?.accounts.destination.bucket).toBe(VAULT);
  // An edit in the wizard (done here on the stored draft), then the re-save from /plans/new.
  await page.evaluate(() => {
    const d = JSON.parse(localStorage.getItem("lockbridge:draft:v1")!) as { values: { rule: { priority: number } } };
    d.values.rule.priority = 7;
    localStorage.setItem("lockbridge:draft:v1", JSON.stringify(d));
  });
  await page.goto("/plans/new");
  await page.getByRole("button", { name: `Save changes to plan ${id.slice(0, 8)}` }).click();
  await page.waitForURL(`**/plans/${id}`);
  await expect(planStatus(page)).toHaveAttribute("data-status", "draft");
  await expect(page.getByRole("list", { name: "Plan history" }).locator('[data-event="edited"]')).toContainText(
    "Edited while approved: back to draft, approval withdrawn.",
  );
  await expect(page.getByText("Approved by")).toHaveCount(0);
  await shot(page, testInfo, "plans-07-edited");
  await page.goto("/plans");
  await expect(page.locator(`[data-plan="${id}"]`)).toContainText("Draft");
  await shot(page, testInfo, "plans-09-list");
});

test("live drift after approval blocks apply and says what drifted", async ({ page }, testInfo) => {
  await reseed("sandbox");
  await actAs(page, "Alice");
  const id = await saveAsPlan(page, values("drift"));
  await submitThenApprove(page, id, "Bob");
  const dst = await admin(DST);
  try {
    const foreign = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AuditorsRead",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${DST}:root` },
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::${VAULT}/*`,
        },
      ],
    };
    await dst.s3.send(new PutBucketPolicyCommand({ Bucket: VAULT, Policy: JSON.stringify(foreign) }));
    await page.reload();
    await expect(page.getByTestId("live-drift")).toContainText(
      "The policy of bucket lockbridge-demo-vault changed since the plan was approved",
    );
    await page.getByLabel(/Type the destination bucket name/).fill(VAULT);
    await page.getByRole("button", { name: "Apply approved plan" }).click();
    const alert = refusal(page);
    await expect(alert).toContainText("Live state drifted since approval: nothing was changed.");
    await expect(alert).toContainText("The policy of bucket lockbridge-demo-vault changed since the plan was approved");
    await expect(alert).toContainText("PutBucketPolicy on lockbridge-demo-vault would now write a different document");
    await expect(planStatus(page)).toHaveAttribute("data-status", "approved");
    await shot(page, testInfo, "plans-08-drift");
    // Nothing was written: the foreign policy is live as it was.
    expect(JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!).Statement).toHaveLength(1);
    await dst.s3.send(new DeleteBucketPolicyCommand({ Bucket: VAULT }));
  } finally {
    dst.destroy();
  }
});
