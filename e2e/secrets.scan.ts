// Runs after every browser spec (a dependent Playwright project): the sandbox's credentials are
// known canaries, and no client bundle, page or server-action response, download, server log or
// database file of the whole run may contain them, nor any AWS access key ID at all.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { RESPONSES_DIR } from "./fixtures";

function files(dir: string, keep: (f: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, keep) : keep(full) ? [full] : [];
  });
}

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run browser tests with \`npm run test:e2e\`.`);
  return v;
};

test("no credential reaches the browser, an export, the log or the audit database", () => {
  const canaries = [env("LOCKBRIDGE_TEST_CANARY_ACCESS_KEY"), env("LOCKBRIDGE_TEST_CANARY_SECRET")];
  // Long-term (AKIA) and temporary (ASIA, from AssumeRole) access key IDs.
  const keyId = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;
  const sources = [
    ...files(path.join(process.cwd(), ".next", "static"), (f) => f.endsWith(".js")),
    ...files(RESPONSES_DIR, () => true),
    env("LOCKBRIDGE_TEST_APP_LOG"),
    ...files(env("LOCKBRIDGE_TEST_DATA_DIR"), () => true),
  ];
  const responses = files(RESPONSES_DIR, () => true);
  expect(responses.length, "the specs recorded the app's responses").toBeGreaterThan(5);
  const findings: string[] = [];
  for (const file of sources) {
    const text = readFileSync(file).toString("latin1");
    for (const c of canaries) if (text.includes(c)) findings.push(`${file}: contains a sandbox credential`);
    const m = keyId.exec(text);
    if (m) findings.push(`${file}: contains an access key ID ${m[0].slice(0, 8)}…`);
  }
  expect(findings).toEqual([]);
});
