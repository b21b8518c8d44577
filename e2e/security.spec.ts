// HTTP hardening as a browser (and an attacker's page) sees it.
import { expect, test } from "./fixtures";
import { fillAccounts, reseed } from "./support";
import { builtActions } from "./access-support";

test("pages carry a nonce-based CSP and the other security headers", async ({ request }) => {
  const res = await request.get("/wizard/accounts");
  expect(res.status()).toBe(200);
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("no-referrer");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-powered-by"]).toBeUndefined();
  // Every script the page ships carries this response's nonce, so the CSP lets the app run.
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
});

test("the app still runs under its CSP (no violations, client code works)", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await page.goto("/wizard/accounts");
  await page.getByLabel("Source account ID").fill("12");
  await page.getByLabel("Source account ID").blur();
  await expect(page.locator("#source-accountId-error")).toBeVisible();
  expect(violations).toEqual([]);
});

test("a cross-origin POST to a server action is rejected, a same-origin one is served", async ({ page, request, baseURL }) => {
  await reseed("sandbox");
  await page.goto("/wizard/accounts");
  await fillAccounts(page);
  // Capture the real Connect call the page makes, then replay it as another site would. The form's
  // checks are server actions too (checkAccounts, with the same values): Connect's is known by its id.
  const connectId = builtActions().find((a) => a.name === "connectAccounts")?.id;
  expect(connectId, "connectAccounts in the build's action manifest").toBeTruthy();
  const [actionRequest] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] === connectId),
    page.getByRole("button", { name: "Connect" }).click(),
  ]);
  const headers = actionRequest.headers();
  const body = actionRequest.postData() ?? "";
  const replay = (origin: string) =>
    request.post(actionRequest.url(), {
      headers: {
        "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
        "next-action": headers["next-action"] ?? "",
        accept: "text/x-component",
        origin,
      },
      data: body,
    });

  const sameOrigin = await replay(new URL(baseURL ?? "").origin);
  expect(sameOrigin.status()).toBe(200);
  expect(await sameOrigin.text()).toContain("111111111111");

  // Over the 1 MB body limit (next.config.js): refused before the action runs.
  const oversized = await request.post(actionRequest.url(), {
    headers: {
      "content-type": "text/plain;charset=UTF-8",
      "next-action": headers["next-action"] ?? "",
      accept: "text/x-component",
      origin: new URL(baseURL ?? "").origin,
    },
    data: JSON.stringify([{ padding: "x".repeat(2 * 1024 * 1024) }]),
  });
  // Next answers the limit with an error page (its error carries statusCode 413 in the server log).
  expect(oversized.status()).toBeGreaterThanOrEqual(400);
  expect(await oversized.text()).not.toContain("assumed-role");

  const crossOrigin = await replay("https://evil.example");
  expect(crossOrigin.status()).toBeGreaterThanOrEqual(400);
  expect(await crossOrigin.text()).not.toContain("assumed-role");
});
