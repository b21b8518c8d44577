// The `test` every browser spec uses: Playwright's, plus a recorder that keeps the body of every
// page and server-action response the app sends (HTML, RSC/action payloads, JSON, downloads), so
// the secrets scan (secrets.scan.ts, run after all specs) can prove no credential ever left the server.
import { test as base, expect } from "@playwright/test";
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const RESPONSES_DIR = path.join(process.cwd(), "test-results", "responses");
const RECORDED =
  /text\/html|text\/x-component|application\/json|text\/plain|application\/x-ndjson|text\/x-shellscript|octet-stream|javascript/;

export const test = base.extend<{ recordResponses: void }>({
  recordResponses: [
    async ({ page, baseURL }, use, testInfo) => {
      mkdirSync(RESPONSES_DIR, { recursive: true });
      const file = path.join(RESPONSES_DIR, `${testInfo.testId}.txt`);
      const pending: Promise<void>[] = [];
      page.on("response", (res) => {
        if (!baseURL || !res.url().startsWith(baseURL) || !RECORDED.test(res.headers()["content-type"] ?? "")) return;
        pending.push(
          res
            .text()
            .then((body) => appendFileSync(file, `\n=== ${res.request().method()} ${res.url()}\n${body}`))
            .catch(() => undefined), // redirects and aborted navigations have no body
        );
      });
      page.on("download", (d) => {
        pending.push(
          d.path().then((p) => {
            if (p) appendFileSync(file, `\n=== download ${d.suggestedFilename()}\n${readFileSync(p, "utf8")}`);
          }),
        );
      });
      await use();
      await Promise.all(pending);
    },
    { auto: true },
  ],
});

export { expect };
