// The draft survives a reload, and round-trips through "Export input" / "Import input".
import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { confirmObjectLock, next, planOnlyAccounts } from "./support";

test("a reload keeps the draft, and export then import restores it", async ({ page }, testInfo) => {
  await planOnlyAccounts(page);
  await page.getByRole("button", { name: "Backup copy" }).click();
  await expect(page.getByLabel("Default retention days")).toHaveValue("30");
  await confirmObjectLock(page);
  await next(page, "role");
  await page.getByLabel("Replication role name").fill("vault-replication");
  await next(page, "encryption");
  await next(page, "bucket-policy");
  await next(page, "rule");
  await page.getByLabel("Objects to replicate").selectOption("prefix");
  await page.getByLabel("Prefix", { exact: true }).fill("reports/");
  await page.getByLabel("Priority").fill("7");

  await page.reload();
  await expect(page.getByLabel("Prefix", { exact: true })).toHaveValue("reports/");
  await expect(page.getByLabel("Priority")).toHaveValue("7");
  await page.goto("/wizard/role");
  await expect(page.getByLabel("Replication role name")).toHaveValue("vault-replication");
  await page.goto("/wizard/rule");
  await next(page, "review");
  await expect(page.getByText("The input is complete")).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export input" }).click();
  const file = testInfo.outputPath("input.json");
  await (await download).saveAs(file);
  const exported = JSON.parse(await readFile(file, "utf8"));
  expect(exported.rule.prefix).toBe("reports/");
  expect(exported.objectLock.retention).toEqual({ enabled: true, mode: "GOVERNANCE", unit: "Days", value: 30 });

  // Start over: everything is gone.
  await page.getByRole("button", { name: "Start over…" }).click();
  await page.getByRole("button", { name: "Clear the draft" }).click();
  await page.waitForURL("**/wizard/accounts");
  await expect(page.getByLabel("Source bucket")).toHaveValue("");

  // A bad file is refused with the field it is about.
  const bad = testInfo.outputPath("bad.json");
  const { writeFile } = await import("node:fs/promises");
  await writeFile(bad, JSON.stringify({ ...exported, rule: { ...exported.rule, priority: -3 } }));
  await page.getByLabel("Import input").setInputFiles(bad);
  await expect(page.locator("#draft-status")).toContainText("does not match the wizard input schema");
  await expect(page.locator("#draft-status")).toContainText("Replication rule › priority: Priority is 0 or more.");
  await writeFile(bad, "not json");
  await page.getByLabel("Import input").setInputFiles(bad);
  await expect(page.locator("#draft-status")).toContainText("The file is not JSON");

  // Importing the export restores it; the irreversible step asks for its confirmation again.
  await page.getByLabel("Import input").setInputFiles(file);
  await page.waitForURL("**/wizard/object-lock");
  await expect(page.getByLabel("Default retention days")).toHaveValue("30");
  await expect(page.getByLabel("Type the destination bucket name to confirm")).toHaveValue("");
  await confirmObjectLock(page);
  await next(page, "role");
  await expect(page.getByLabel("Replication role name")).toHaveValue("vault-replication");
  await page.goto("/wizard/rule");
  await expect(page.getByLabel("Prefix", { exact: true })).toHaveValue("reports/");
  await expect(page.getByLabel("Priority")).toHaveValue("7");
  await page.goto("/wizard/accounts");
  await expect(page.getByLabel("Destination bucket")).toHaveValue("lockbridge-demo-vault");
});
