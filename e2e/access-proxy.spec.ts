// Access control in a browser: a rebound Host gets no page; behind a real (small, Node) sign-in proxy two
// people save, approve and apply a plan while the wizard's own Apply cannot apply (approval is required
// by default in proxy-header mode), and a request that bypasses the proxy is refused. And: local identity
// on a network address refuses to start unless accepted explicitly, and then every page warns in red.
import type { BrowserContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { freePort, raw, startIdentityProxy, startServer } from "./access-support";
import { connectSandbox, next, reseed } from "./support";

const VAULT = "lockbridge-demo-vault";

test("a rebound Host gets no page, only a short refusal", async ({ baseURL }) => {
  const base = baseURL!;
  const port = new URL(base).port;
  for (const path of ["/wizard/accounts", "/plans", "/audit", "/audit/export", "/_next/static/x.js"]) {
    const r = await raw(base, { path, headers: { host: `rebind.example:${port}` } });
    expect(r.status, path).toBe(421);
    expect(r.headers["content-type"]).toMatch(/^text\/plain/);
    expect(r.body).toMatch(/^Lockbridge answers only to 127\.0\.0\.1:\d+, localhost:\d+/);
    expect(r.body).not.toContain("<html");
  }
  // Its own names are served.
  expect((await raw(base, { path: "/wizard/accounts" })).status).toBe(200);
  expect((await raw(base, { path: "/wizard/accounts", headers: { host: `localhost:${port}` } })).status).toBe(200);
});

/** A browser signed in at the proxy as `who` (the test proxy reads this cookie, as a sign-in session). */
async function signedIn(browser: import("@playwright/test").Browser, proxyUrl: string, who: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: proxyUrl });
  await ctx.addCookies([{ name: "test-signed-in-as", value: encodeURIComponent(who), url: proxyUrl }]);
  return ctx;
}

test("behind the sign-in proxy: the wizard cannot apply, two people approve and apply, and bypassing the proxy is refused", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  await reseed("sandbox");
  const port = await freePort();
  // Lockbridge trusts only 127.0.0.2, the address the proxy connects from.
  const proxy = await startIdentityProxy(`http://127.0.0.1:${port}`, "127.0.0.2");
  const server = await startServer(
    { LOCKBRIDGE_IDENTITY: "proxy-header", LOCKBRIDGE_TRUSTED_PROXY: "127.0.0.2", LOCKBRIDGE_PUBLIC_ORIGIN: proxy.url },
    { port },
  );
  try {
    const alice = await signedIn(browser, proxy.url, "alice@example.com");
    const page = await alice.newPage();
    // Alice walks the wizard through the proxy as a person would: connect, confirm, every step, Review.
    await connectSandbox(page);
    for (const slug of ["role", "encryption", "bucket-policy", "rule", "review"]) await next(page, slug);
    await expect(page.getByText("The input is complete")).toBeVisible();

    // The wizard's Apply page: the plan is shown, but the only way forward is Save for approval.
    await page.goto("/wizard/apply");
    await expect(page.getByTestId("approval-required")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("button", { name: /^Apply \d+ change/ })).toHaveCount(0);
    await expect(page.getByLabel(/Type the destination bucket name/)).toHaveCount(0);
    await page.getByRole("button", { name: "Save for approval" }).click();
    await page.waitForURL(/\/plans\/[A-Za-z0-9_-]{10,}$/, { timeout: 30_000 });
    const id = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.locator("main header [data-status]")).toHaveAttribute("data-status", "submitted");
    await expect(page.getByTestId("acting-as")).toHaveText("Acting as alice@example.com");

    // Bob approves.
    const bob = await signedIn(browser, proxy.url, "bob@example.com");
    const bobPage = await bob.newPage();
    await bobPage.goto(`/plans/${id}`);
    await bobPage.getByLabel("Comment", { exact: true }).fill("Only our statements and rule.");
    await bobPage.getByRole("button", { name: "Approve" }).click();
    await expect(bobPage.locator("main header [data-status]")).toHaveAttribute("data-status", "approved", { timeout: 20_000 });

    // Alice applies the plan Bob approved.
    await page.goto(`/plans/${id}`);
    await page.getByLabel(/Type the destination bucket name/).fill(VAULT);
    await page.getByRole("button", { name: "Apply approved plan" }).click();
    await expect(page.locator('[data-run-status="succeeded"]')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator("main header [data-status]")).toHaveAttribute("data-status", "applied", { timeout: 20_000 });
    await page.goto(`/audit?planId=${id}`);
    const replication = page.locator('[data-api="PutBucketReplication"]');
    await expect(replication).toHaveCount(1);
    await expect(replication).toContainText("by alice@example.com");

    // Straight to Lockbridge, bypassing the proxy, with a forged identity header: no page, no action.
    const direct = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-Email": "alice@example.com" } });
    const directPage = await direct.newPage();
    const res = await directPage.goto(`${server.url}/plans/${id}`);
    expect(res?.status()).toBe(403);
    await expect(directPage.locator("body")).toContainText("127.0.0.1, which is not the sign-in proxy");
    await Promise.all([alice.close(), bob.close(), direct.close()]);
  } finally {
    await server.stop();
    await proxy.stop();
  }
});

test("local identity on a network address refuses to start, unless accepted explicitly: then every page says so in red", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const port = await freePort();
  // Refused at start, naming the variable, before anything listens.
  const refused = await startServer({ LOCKBRIDGE_HOST: "0.0.0.0" }, { port }).then(
    () => "started",
    (err: Error) => err.message,
  );
  expect(refused).toMatch(/server exited \(1\)/);
  expect(refused).toMatch(/LOCKBRIDGE_HOST: is 0\.0\.0\.0, a network address, but LOCKBRIDGE_IDENTITY=local does not authenticate anyone/);

  const server = await startServer({ LOCKBRIDGE_HOST: "0.0.0.0", LOCKBRIDGE_ALLOW_UNAUTHENTICATED_NETWORK: "1" }, { port });
  try {
    const page = await browser.newPage();
    for (const route of ["/wizard/accounts", "/plans", "/people"]) {
      await page.goto(`http://localhost:${port}${route}`);
      await expect(page.getByRole("alert", { name: "Not protected" })).toContainText("Anyone on the network can act here.");
    }
    await page.close();
  } finally {
    await server.stop();
  }
});
