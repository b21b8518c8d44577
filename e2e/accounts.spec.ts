import { expect, test } from "./fixtures";
import { fillAccounts, reseed, shot } from "./support";

test.beforeEach(async () => {
  await reseed("sandbox");
});

test("connect reaches both sandbox accounts and shows each identity", async ({ page }, testInfo) => {
  await page.goto("/wizard/accounts");
  await expect(page.getByRole("note", { name: "Sandbox" })).toContainText("emulator");
  await fillAccounts(page);
  await page.getByRole("button", { name: "Connect" }).click();

  const status = page.locator("#connect-status");
  await expect(status).toContainText("Source: connected to account 111111111111");
  await expect(status).toContainText("Destination: connected to account 222222222222");
  await expect(status).toContainText("arn:aws:sts::111111111111:assumed-role/LockbridgeAdmin/lockbridge-connect");
  await expect(status).toContainText("arn:aws:sts::222222222222:assumed-role/LockbridgeAdmin/lockbridge-connect");
  await expect(page.getByRole("button", { name: /Continue to Destination Object Lock/ })).toBeEnabled();
  await shot(page, testInfo, "accounts-connected");
});

test("a role in another account than the typed destination account is refused", async ({ page }) => {
  await page.goto("/wizard/accounts");
  await fillAccounts(page, { destination: { accountId: "333333333333" } });
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByText("This role is in account 222222222222, not 333333333333.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Continue to Destination Object Lock/ })).toBeDisabled();
});

test("credentials that reach another account than the typed one are refused by the server", async ({ page }) => {
  await page.goto("/wizard/accounts");
  // The server's own sandbox credentials act in the emulator's default account, 123456789012.
  await fillAccounts(page, { destination: { access: "server" } });
  await page.getByRole("button", { name: "Connect" }).click();
  const error = page.locator("#destination-accountId-error");
  await expect(error).toContainText("reached account 123456789012");
  await expect(error).toContainText("not 222222222222");
  await expect(page.locator("#connect-status")).toContainText("Source: connected to account 111111111111");
  await expect(page.getByRole("button", { name: /Continue to Destination Object Lock/ })).toBeDisabled();
});

test("a missing bucket is refused next to its field", async ({ page }, testInfo) => {
  await page.goto("/wizard/accounts");
  await fillAccounts(page, { destination: { bucket: "lockbridge-no-such-vault" } });
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.locator("#destination-bucket-error")).toHaveText("Bucket lockbridge-no-such-vault does not exist.");
  await expect(page.getByRole("button", { name: /Continue to Destination Object Lock/ })).toBeDisabled();
  await shot(page, testInfo, "accounts-missing-bucket");
});

test("invalid input shows field-level messages and calls nothing", async ({ page }) => {
  await page.goto("/wizard/accounts");
  await fillAccounts(page, { source: { accountId: "12345" }, destination: { bucket: "Bad_Bucket" } });
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.locator("#source-accountId-error")).toHaveText("An AWS account ID is exactly 12 digits, e.g. 111122223333.");
  await expect(page.locator("#destination-bucket-error")).toContainText("may contain only lowercase letters");
  await expect(page.locator("#connect-status")).toBeEmpty();
});
