// The server is killed in the middle of a saved plan's apply (a write hangs at the fault proxy, then the
// process gets SIGKILL: nothing can mark the run as ended). After the restart the plan is failed
// (interrupted) instead of stuck in `applying`, Retry resumes it to applied, and a second apply of the
// same input has nothing left to write.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { startFaultProxy } from "../testing/fault-proxy";
import { defaultWizardInput } from "../lib/schema/wizard";
import { startServer } from "./access-support";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";
import { confirmObjectLock, fillAccounts, next, reseed } from "./support";

const VAULT = "lockbridge-demo-vault";
const WRITE = /^(Put|Create|Delete|Update|Attach|Enable)/;

async function actAs(page: Page, base: string, name: string) {
  await page.context().addCookies([{ name: "lockbridge-user", value: encodeURIComponent(name), url: base }]);
}

test("a restart during an apply leaves the plan failed (interrupted); resume finishes it; a second apply writes nothing", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await reseed("sandbox");
  const aws = await startFaultProxy(process.env.LOCKBRIDGE_TEST_EMULATOR_ENDPOINT!);
  let server = await startServer({ LOCKBRIDGE_AWS_TIMEOUT_MS: "120000" }, { awsEndpoint: aws.endpoint });
  try {
    const base = server.url;
    await actAs(page, base, "Alice");
    await page.goto(`${base}/plans/new`);
    const draft = defaultWizardInput({ accounts: SANDBOX_ACCOUNTS });
    await page.evaluate((values) => localStorage.setItem("lockbridge:draft:v1", JSON.stringify({ values })), draft);
    await page.reload();
    await page.getByRole("button", { name: "Save as plan for review" }).click();
    await page.waitForURL(/\/plans\/[A-Za-z0-9_-]{10,}$/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const status = page.locator("main header [data-status]");
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect(status).toHaveAttribute("data-status", "submitted", { timeout: 20_000 });
    await actAs(page, base, "Bob");
    await page.reload();
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(status).toHaveAttribute("data-status", "approved", { timeout: 20_000 });

    // Alice applies; the replication rule's write hangs, and the server dies while it waits.
    await actAs(page, base, "Alice");
    await page.reload();
    aws.inject({ operation: "PutBucketReplication", mode: "hang" });
    await page.getByLabel(/Type the destination bucket name/).fill(VAULT);
    await page.getByRole("button", { name: "Apply approved plan" }).click();
    await expect.poll(() => aws.calls.some((c) => c.operation === "PutBucketReplication"), { timeout: 60_000 }).toBe(true);
    const writtenBefore = aws.calls.filter((c) => WRITE.test(c.operation)).map((c) => c.operation);
    expect(writtenBefore).toEqual(expect.arrayContaining(["PutBucketPolicy", "PutBucketReplication"]));
    await server.stop("SIGKILL");
    aws.clear();

    server = await startServer(
      { LOCKBRIDGE_AWS_TIMEOUT_MS: "120000" },
      { awsEndpoint: aws.endpoint, dataDir: server.dataDir, port: server.port },
    );
    await page.goto(`${base}/plans/${id}`);
    await expect(status).toHaveAttribute("data-status", "failed");
    // Failed (interrupted): the error of the last run says so (the stopped run's own progress is shown too).
    await expect(page.locator("main p.notice-error").filter({ hasText: "Last run failed" })).toContainText(
      /Last run failed \(interrupted: the server stopped during it\)\s*Interrupted: The Lockbridge server stopped while this run was in progress/,
    );
    const history = page.getByRole("list", { name: "Plan history" });
    await expect(history).toContainText("failed");

    // Resume: only what the killed run had not finished is written again.
    const mark = aws.calls.length;
    const confirm = page.getByLabel(/Type the destination bucket name/);
    if ((await confirm.count()) > 0) await confirm.fill(VAULT);
    await page.getByRole("button", { name: "Retry apply" }).click();
    await expect(page.locator('[data-run-status="succeeded"]')).toBeVisible({ timeout: 60_000 });
    await expect(status).toHaveAttribute("data-status", "applied", { timeout: 20_000 });
    const resumed = aws.calls
      .slice(mark)
      .filter((c) => WRITE.test(c.operation))
      .map((c) => c.operation);
    expect(resumed).toContain("PutBucketReplication");
    expect(resumed).not.toContain("PutBucketPolicy");
    await page.goto(`${base}/audit?planId=${id}`);
    await expect(page.locator('[data-api="RunInterrupted"]')).toHaveCount(1);

    // A second apply of the same input (the wizard's Apply page, reached by walking the wizard as a
    // person would: Apply is offered once every step is done) finds nothing to write.
    const again = aws.calls.length;
    await page.goto(`${base}/wizard/accounts`);
    await fillAccounts(page);
    await page.getByRole("button", { name: "Connect" }).click();
    await expect(page.locator("#connect-status")).toContainText("Destination: connected to account 222222222222");
    await page.getByRole("button", { name: "Continue to Destination Object Lock" }).click();
    await page.waitForURL("**/wizard/object-lock");
    await confirmObjectLock(page);
    for (const slug of ["role", "encryption", "bucket-policy", "rule", "review"]) await next(page, slug);
    await page.goto(`${base}/wizard/apply`);
    await expect(page.getByRole("button", { name: "Re-read and review again" })).toBeEnabled({ timeout: 30_000 });
    await expect(page.getByRole("status").filter({ hasText: "Plan ready" })).toContainText("0 change(s) to apply");
    await expect(page.getByRole("button", { name: /^Apply \d+ change/ })).toHaveCount(0);
    expect(aws.calls.slice(again).filter((c) => WRITE.test(c.operation))).toEqual([]);
  } finally {
    await server.stop();
    await aws.stop();
  }
});
