// The whole guide to a locked replica, in the browser, against the sandbox (moto behind the replication
// engine): connect, choose SSE-KMS with the seeded keys, apply; Existing objects runs a Batch Replication
// job that puts every pre-existing object into the vault; Verify's canary arrives as a locked REPLICA
// encrypted with the vault key. Then someone removes the vault's bucket policy grant by hand, and a
// second canary comes back FAILED with the cause named on the Verify page.
import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
} from "@aws-sdk/client-s3";
import { expect, test } from "./fixtures";
import { emulatorClients } from "../testing/emulator";
import { actAs, confirmObjectLock, connectSandbox, emulatorEndpoint, fillKmsKeys, next, reseed, shot } from "./support";

const SOURCE = "lockbridge-demo-source";
const VAULT = "lockbridge-demo-vault";

test("apply, Existing objects, Verify: a locked REPLICA with the vault key; without the bucket policy grant: FAILED with its cause", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const seeded = await reseed("sandbox");
  const keys = { source: seeded.keys["alias/lockbridge-source"]!, destination: seeded.keys["alias/lockbridge-vault"]! };

  await actAs(page, "Dana Ops", "/wizard/accounts");
  await connectSandbox(page);
  // A default retention, so every replica is locked (GOVERNANCE, 1 day: the canary can still expire soon).
  const retention = page.getByLabel("Set a default retention");
  if (!(await retention.isChecked())) await retention.check();
  await page.getByLabel("Default retention mode").selectOption("GOVERNANCE");
  await page.getByLabel("Default retention unit").selectOption("Days");
  await page.getByLabel("Default retention days").fill("1");
  await confirmObjectLock(page); // a changed retention asks for the typed confirmation again
  await next(page, "role");
  await next(page, "encryption");
  await page.getByLabel("Encryption", { exact: true }).selectOption("sse-kms");
  await fillKmsKeys(page, keys);
  await next(page, "bucket-policy");
  await next(page, "rule");
  await next(page, "review");
  await page
    .getByRole("link", { name: "Continue to apply" })
    .or(page.getByRole("button", { name: "Continue to apply" }))
    .click();
  await page.waitForURL("**/wizard/apply");
  await page.getByLabel(/Type the destination bucket name/).fill(VAULT);
  await page.getByRole("button", { name: /^Apply \d+ changes?$/ }).click();
  await expect(page.getByText("Applied", { exact: true })).toBeVisible({ timeout: 60_000 });

  // Existing objects: the job runs on the sandbox's S3 Batch Replication and completes.
  await page.goto("/wizard/existing-objects");
  await page.getByLabel("Replicate existing objects with S3 Batch Replication").check();
  await page.getByRole("button", { name: "Create Batch Replication job" }).click();
  await expect(page.getByText(/^Job .+ created/)).toBeVisible({ timeout: 30_000 });
  const status = page.locator(".notice").filter({ hasText: /^Job [0-9a-f-]+: / });
  await expect(status).toContainText(": Complete", { timeout: 60_000 });
  await expect(status).toContainText(/(\d+) of \1 objects processed \(100%\): \1 replicated, 0 failed\./);
  await shot(page, testInfo, "replication-batch-complete");

  const src = await emulatorClients(emulatorEndpoint(), "111111111111");
  const dst = await emulatorClients(emulatorEndpoint(), "222222222222");
  try {
    // Every pre-existing object under the rule (the whole bucket here) is in the vault, same version, REPLICA.
    const existing = (await src.s3.send(new ListObjectVersionsCommand({ Bucket: SOURCE }))).Versions ?? [];
    const preExisting = existing.filter((v) => !v.Key!.startsWith("lockbridge/"));
    expect(preExisting.length).toBeGreaterThan(0);
    for (const v of preExisting) {
      const replica = await dst.s3.send(new HeadObjectCommand({ Bucket: VAULT, Key: v.Key!, VersionId: v.VersionId }));
      expect(replica.ReplicationStatus, v.Key).toBe("REPLICA");
    }

    // Verify: the canary arrives as a locked REPLICA encrypted with the vault key.
    await page.goto("/wizard/verify?wait=15");
    await expect(page.getByText("The vault's default retention: GOVERNANCE, 1 day")).toBeVisible();
    const ack = page.getByLabel("I understand the canary's replica cannot be deleted until its retention expires");
    await ack.check();
    await page.getByRole("button", { name: "Upload canary object" }).click();
    const verdict = page.locator("[data-canary-state]");
    await expect(verdict).toHaveAttribute("data-canary-state", "completed", { timeout: 30_000 });
    await expect(verdict).toContainText("Replicated: the source reports COMPLETED and the replica is in the vault.");
    await expect(verdict.getByRole("row", { name: /Replication status/ })).toContainText("REPLICA");
    await expect(verdict.getByRole("row", { name: /Object Lock mode/ })).toContainText("GOVERNANCE");
    await expect(verdict.getByRole("row", { name: /Retain until/ })).toContainText(/\d{4}-\d\d-\d\dT/);
    await expect(verdict).toContainText("Locked in GOVERNANCE mode until");
    await expect(verdict.getByRole("row", { name: /Encryption/ })).toContainText(`aws:kms (${keys.destination})`);
    await expect(verdict).toContainText(`Encrypted with ${keys.destination} (expected ${keys.destination})`);
    await expect(verdict).not.toContainText("Problem:");
    await shot(page, testInfo, "replication-verify-replica");

    // Someone removes the grant from the vault's bucket policy by hand.
    const live = JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!) as {
      Statement: { Action?: string | string[] }[];
    };
    const kept = live.Statement.filter((s) => ![s.Action ?? []].flat().includes("s3:ReplicateObject"));
    expect(kept.length).toBeLessThan(live.Statement.length);
    if (kept.length > 0)
      await dst.s3.send(new PutBucketPolicyCommand({ Bucket: VAULT, Policy: JSON.stringify({ ...live, Statement: kept }) }));
    else await dst.s3.send(new DeleteBucketPolicyCommand({ Bucket: VAULT }));

    await page.goto("/wizard/verify?wait=15");
    await expect(page.getByText("The vault's default retention: GOVERNANCE, 1 day")).toBeVisible();
    await ack.check();
    await page.getByRole("button", { name: "Upload canary object" }).click();
    await expect(verdict).toHaveAttribute("data-canary-state", "failed", { timeout: 30_000 });
    await expect(verdict).toContainText("Replication FAILED for the canary (DstPutObjectNotPermitted)");
    await expect(verdict).toContainText(`the destination bucket policy of ${VAULT}`);
    await expect(verdict).toContainText("not allow s3:ReplicateObject for the replication role");
    await expect(page.getByRole("status").filter({ hasText: "Replication status:" })).toContainText("FAILED");
    await shot(page, testInfo, "replication-verify-failed");
  } finally {
    src.destroy();
    dst.destroy();
  }
});
