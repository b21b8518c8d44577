// Proxy-header identity through the real server wrapper (scripts/serve.ts): the peer address is stamped
// by the wrapper and verified by the Next code in the SAME process, so the identity header is believed
// from the trusted proxy address and refused from any other. Starts its own server per configuration.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";

const ROOT = path.join(__dirname, "..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** scripts/serve.ts with proxy-header identity trusting `trusted`; stopped by PID after the test. */
async function startServer(trusted: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "lockbridge-identity-"));
  const log = openSync(path.join(dir, "app.log"), "w");
  const child: ChildProcess = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "serve.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOCKBRIDGE_HOST: "127.0.0.1",
      LOCKBRIDGE_PORT: String(port),
      LOCKBRIDGE_DATA_DIR: dir,
      LOCKBRIDGE_IDENTITY: "proxy-header",
      LOCKBRIDGE_IDENTITY_HEADER: "X-Forwarded-Email",
      LOCKBRIDGE_TRUSTED_PROXY: trusted,
    },
    stdio: ["ignore", log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}); see ${dir}/app.log`);
    if (Date.now() > deadline) throw new Error(`server did not answer; see ${dir}/app.log`);
    try {
      if ((await fetch(`${url}/people`)).status < 500) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || !child.pid) return resolve();
        child.once("exit", () => resolve());
        process.kill(child.pid, "SIGTERM");
      }),
  };
}

test("the identity header is believed from the trusted proxy address, in the same process that stamped it", async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await startServer("127.0.0.1");
  try {
    // A client-sent stamp is replaced by the wrapper: it cannot claim another peer address.
    const ctx = await browser.newContext({
      extraHTTPHeaders: { "X-Forwarded-Email": "carol@example.com", "x-lockbridge-peer-address": "10.0.0.1 forged" },
    });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/plans`);
    await expect(page.getByTestId("acting-as")).toHaveText("Acting as carol@example.com");
    await expect(page.getByTestId("acting-as").getByRole("link")).toHaveCount(0);
    await page.goto(`${server.url}/people`);
    await expect(page.getByText("You are signed in as carol@example.com by the sign-in proxy.")).toBeVisible();
    await ctx.close();

    // Without the header the server refuses before any page is rendered (403, plain text), on every route.
    const anonymous = await browser.newPage();
    for (const route of ["/people", "/plans", "/audit/export"]) {
      const res = await anonymous.goto(`${server.url}${route}`);
      expect(res?.status(), route).toBe(403);
      await expect(anonymous.getByText("The sign-in proxy did not send the x-forwarded-email header")).toBeVisible();
      await expect(anonymous.getByTestId("acting-as")).toHaveCount(0);
    }
    await anonymous.close();
  } finally {
    await server.stop();
  }
});

test("from an address that is not the trusted proxy, the identity header is refused", async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await startServer("10.9.9.9");
  try {
    const ctx = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-Email": "boss@example.com" } });
    const page = await ctx.newPage();
    // Refused before any page is rendered (403, plain text), on every route, header or not.
    for (const route of ["/people", "/plans", "/wizard/accounts"]) {
      const res = await page.goto(`${server.url}${route}`);
      expect(res?.status(), route).toBe(403);
      await expect(page.getByText("This request came from 127.0.0.1, which is not the sign-in proxy")).toBeVisible();
      await expect(page.getByTestId("acting-as")).toHaveCount(0);
    }
    const res = await page.request.get(`${server.url}/audit/export`);
    expect(res.status()).toBe(403);
    await ctx.close();
  } finally {
    await server.stop();
  }
});
