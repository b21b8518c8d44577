// Shared helpers for browser specs: reseeding the emulator, filling forms by label, screenshots.
import { expect, type Page, type TestInfo } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { resetAndSeed } from "../testing/seed";

export function emulatorEndpoint(): string {
  const endpoint = process.env.LOCKBRIDGE_TEST_EMULATOR_ENDPOINT;
  if (!endpoint) throw new Error("LOCKBRIDGE_TEST_EMULATOR_ENDPOINT is not set: run browser tests with `npm run test:e2e`.");
  return endpoint;
}

/** Empties the emulator and loads testing/seeds/<name>.json. */
export async function reseed(name: string) {
  return resetAndSeed(emulatorEndpoint(), path.join(__dirname, "..", "testing", "seeds", `${name}.json`));
}

type SideValues = { accountId: string; region: string; bucket: string; access: "role" | "server" | "plan-only"; roleArn: string };
const SANDBOX: Record<"source" | "destination", SideValues> = {
  source: {
    accountId: "111111111111",
    region: "eu-west-1",
    bucket: "lockbridge-demo-source",
    access: "role",
    roleArn: "arn:aws:iam::111111111111:role/LockbridgeAdmin",
  },
  destination: {
    accountId: "222222222222",
    region: "eu-west-1",
    bucket: "lockbridge-demo-vault",
    access: "role",
    roleArn: "arn:aws:iam::222222222222:role/LockbridgeAdmin",
  },
};

/** Types the sandbox accounts into step 1 by label, as a person would, with optional overrides. */
export async function fillAccounts(page: Page, overrides: Partial<Record<"source" | "destination", Partial<SideValues>>> = {}) {
  for (const side of ["source", "destination"] as const) {
    const v = { ...SANDBOX[side], ...overrides[side] };
    const L = side === "source" ? "Source" : "Destination";
    await page.getByLabel(`${L} account ID`).fill(v.accountId);
    await page.getByLabel(`${L} region`).fill(v.region);
    await page.getByLabel(`${L} bucket`).fill(v.bucket);
    await page.getByLabel(`${L} access`, { exact: true }).selectOption(v.access);
    if (v.access === "role") await page.getByLabel(`${L} access role ARN`).fill(v.roleArn);
  }
}

/** Saves a full-page screenshot under test-results/screenshots and attaches it to the report. */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  const dir = path.join(process.cwd(), "test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** Step 1 with both accounts plan-only (no AWS access), then Continue to the Object Lock step. */
export async function planOnlyAccounts(page: Page) {
  await page.goto("/wizard/accounts");
  await fillAccounts(page, { source: { access: "plan-only" }, destination: { access: "plan-only" } });
  await page.getByRole("button", { name: "Continue to Destination Object Lock" }).click();
  await page.waitForURL("**/wizard/object-lock");
}

/** Clicks a step's Next button ("Next: Replication role", ...) and waits for the next step's URL. */
export async function next(page: Page, slug: string) {
  await page.getByRole("button", { name: /^Next: / }).click();
  await page.waitForURL(`**/wizard/${slug}`);
}

/** Types the destination bucket name into the irreversible-change confirmation. */
export async function confirmObjectLock(page: Page, bucket = "lockbridge-demo-vault") {
  await page.getByLabel("Type the destination bucket name to confirm").fill(bucket);
}

/** The text of one document card of the live preview (data-doc = PlanDocument id). */
export function doc(page: Page, id: "trust" | "permissions" | "keyPolicy" | "bucketPolicy" | "objectLock" | "replication") {
  return page.locator(`[data-doc="${id}"]`).first();
}

/** Names the acting person (local identity mode) on the "Your name" page, then returns to `back`. */
export async function actAs(page: Page, name: string, back = "/plans") {
  await page.goto(`/people?next=${back}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: /^(Continue|Change name)$/ }).click();
  await page.waitForURL(`**${back}`);
  await expect(page.getByTestId("acting-as")).toContainText(`Acting as ${name}`);
}

/** Step 1 connected to both sandbox accounts, then Continue and the typed Object Lock confirmation. */
export async function connectSandbox(page: Page) {
  await page.goto("/wizard/accounts");
  await fillAccounts(page);
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.locator("#connect-status")).toContainText("Destination: connected to account 222222222222");
  await page.getByRole("button", { name: "Continue to Destination Object Lock" }).click();
  await page.waitForURL("**/wizard/object-lock");
  await confirmObjectLock(page);
}

/** Example customer-managed keys in the sandbox accounts (plan-only walks never read them). */
export const EXAMPLE_KEYS = {
  source: "arn:aws:kms:eu-west-1:111111111111:key/1111aaaa-22bb-33cc-44dd-555555eeeeee",
  destination: "arn:aws:kms:eu-west-1:222222222222:key/6666ffff-77aa-88bb-99cc-000000dddddd",
};

/** Encryption step: types both key ARNs (the mode must already be SSE-KMS). */
export async function fillKmsKeys(page: Page, keys = EXAMPLE_KEYS) {
  await page.getByLabel("Source KMS key ARN").fill(keys.source);
  await page.getByLabel("Destination KMS key ARN").fill(keys.destination);
}

/** Rule step: scope "prefix with tags", with one tag. */
export async function filterByPrefixAndTag(page: Page, prefix = "invoices/") {
  await page.getByLabel("Objects to replicate").selectOption("prefix-tags");
  await page.getByLabel("Prefix", { exact: true }).fill(prefix);
  await page.getByRole("button", { name: "Add tag" }).click();
  await page.getByLabel("Tag key 1").fill("classification");
  await page.getByLabel("Tag value 1").fill("finance");
}
