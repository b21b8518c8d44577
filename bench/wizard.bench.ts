// Wizard figures (printed, not asserted): `name: value`. Budgets: first load <= 180 kB, p95 <= 16 ms.
// - wizard-first-load-js-gzip-kb: gzip size of every script the served HTML of /wizard/accounts loads,
//   from the production build (`next build` first): starts `next start` on a free loopback port, reads
//   the <script src> tags (not noModule ones), fetches each chunk and gzips it with node:zlib, then stops
//   the server by PID. Chunks loaded later on demand (the schemas, see use-step-states.ts) are not counted.
// - wizard-interactive-js-gzip-kb: every script Chromium loaded before the Accounts form could validate
//   input (first field error on screen, checked by the server), from the browser's network log, gzipped
//   the same way.
// - preview-recompute-ms-p95: one input change as the live preview handles it (wizardInput.safeParse +
//   buildPlan + render of the preview to a string), against a live state with foreign statements and
//   rules so the diffs are computed; p95 over 200 changes after a warm-up. React is loaded in its
//   production build (as the browser runs it): its development build is several times slower.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildPlan, type ObservedState } from "../lib/plan";
import { freshObserved } from "../testing/plan-fixtures";
import { type WizardFormValues, defaultWizardInput, wizardInput } from "../lib/schema/wizard";
import { freePort } from "../scripts/emulator/lifecycle.mjs";
import { chromiumLaunchOptions } from "../testing/chromium";

const ROOT = path.join(__dirname, "..");

/** Runs `fn` against `next start` of the production build on a free loopback port, stopped after by PID. */
async function withServer<T>(fn: (base: string) => Promise<T>): Promise<T> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no production build: run `next build` first");
  const port = await freePort();
  const server: ChildProcess = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    stdio: "ignore",
    // The server's Host and Origin checks (lib/http/gate.ts) must know this port: the Accounts form's
    // checks are a server action.
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_ENDPOINT_URL: "",
      LOCKBRIDGE_SANDBOX: "0",
      LOCKBRIDGE_HOST: "127.0.0.1",
      LOCKBRIDGE_PORT: String(port),
    },
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    let up = false;
    for (let i = 0; i < 120 && !up; i++) {
      up = await fetch(`${base}/wizard/accounts`).then(
        (r) => r.ok,
        () => false,
      );
      if (!up) await new Promise((r) => setTimeout(r, 250));
    }
    if (!up) throw new Error("next start did not answer");
    return await fn(base);
  } finally {
    if (server.pid) process.kill(server.pid, "SIGTERM");
  }
}

const gzipKb = async (base: string, srcs: string[]) => {
  let total = 0;
  for (const src of srcs) total += gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length;
  return total / 1024;
};

async function firstLoadKb(base: string): Promise<number> {
  const html = await (await fetch(`${base}/wizard/accounts`)).text();
  // noModule scripts are legacy polyfills that module-capable browsers never download.
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((t) => !/\snomodule\b/i.test(t));
  const srcs = [...new Set(tags.flatMap((t) => /\ssrc="([^"]+)"/.exec(t)?.[1] ?? []).map((s) => s.replace(/&amp;/g, "&")))];
  return gzipKb(base, srcs);
}

/**
 * Every script Chromium has loaded by the time the Accounts form shows its first field error (a
 * too-short account ID, then leaving the field): the page, hydration and the schemas that validate it.
 * Read from the browser's network log, each script gzipped like the first-load figure.
 */
async function interactiveKb(base: string): Promise<number> {
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    const scripts = new Set<string>();
    page.on("response", (r) => {
      if (r.request().resourceType() === "script") scripts.add(r.url());
    });
    await page.goto(`${base}/wizard/accounts`);
    const field = page.getByLabel("Source account ID");
    await field.fill("123");
    await field.blur();
    await page.getByText("exactly 12 digits").first().waitFor({ timeout: 30_000 });
    return gzipKb(base, [...scripts]);
  } finally {
    await browser.close();
  }
}

function liveState(values: WizardFormValues): ObservedState {
  const input = wizardInput.parse(values);
  const o = freshObserved(input);
  if (o.destination.status === "found") {
    o.destination.value.policy = {
      status: "found",
      value: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::lockbridge-demo-vault", "arn:aws:s3:::lockbridge-demo-vault/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            Sid: "AuditRead",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::222222222222:role/Audit" },
            Action: ["s3:GetObject", "s3:ListBucket"],
            Resource: ["arn:aws:s3:::lockbridge-demo-vault", "arn:aws:s3:::lockbridge-demo-vault/*"],
          },
        ],
      },
    };
  }
  if (o.source.status === "found") {
    o.source.value.versioning = { status: "found", value: "Enabled" };
    o.source.value.replication = {
      status: "found",
      value: {
        Role: "arn:aws:iam::111111111111:role/service-role/lockbridge-demo-source-to-lockbridge-demo-vault",
        Rules: Array.from({ length: 5 }, (_, i) => ({
          ID: `backup-${i}`,
          Priority: 10 + i,
          Status: "Enabled",
          Filter: { Prefix: `team-${i}/` },
          DeleteMarkerReplication: { Status: "Disabled" },
          Destination: { Bucket: `arn:aws:s3:::backup-${i}` },
        })),
      },
    };
  }
  return o;
}

async function previewP95(): Promise<number> {
  Object.assign(process.env, { NODE_ENV: "production" }); // before React is first loaded: it picks its build at require time
  const { createElement } = await import("react");
  const { renderToString } = await import("react-dom/server");
  const { PlanPreview } = await import("../components/plan-preview");
  const side = (accountId: string, bucket: string) => ({
    accountId,
    region: "eu-west-1",
    bucket,
    access: "role" as const,
    roleArn: `arn:aws:iam::${accountId}:role/LockbridgeAdmin`,
    externalId: "",
  });
  const base = defaultWizardInput({
    accounts: { source: side("111111111111", "lockbridge-demo-source"), destination: side("222222222222", "lockbridge-demo-vault") },
    objectLock: { retention: { enabled: true, mode: "COMPLIANCE", unit: "Years", value: 7 } },
    encryption: {
      mode: "sse-kms",
      sourceKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/1111aaaa-22bb-33cc-44dd-555555eeeeee",
      destinationKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/6666ffff-77aa-88bb-99cc-000000dddddd",
      bucketKeys: true,
    },
    rule: { scope: "prefix-tags", prefix: "invoices/", tags: [{ key: "classification", value: "finance" }] },
  });
  const observed = liveState(base);
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    // One keystroke in the prefix field: the draft changes, the preview recomputes everything.
    const values = { ...base, rule: { ...base.rule, prefix: `invoices/${"x".repeat(i % 40)}` } };
    const t = performance.now();
    const parsed = wizardInput.safeParse(values);
    if (!parsed.success) throw new Error(parsed.error.message);
    const plan = buildPlan(parsed.data, observed);
    const html = renderToString(createElement(PlanPreview, { plan, focus: ["replication"], prefixes: ["rule", "source.replication"] }));
    if (html.length < 1000) throw new Error("preview rendered nothing");
    if (i >= 100) samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.ceil(samples.length * 0.95) - 1]!;
}

async function main() {
  console.log(`preview-recompute-ms-p95: ${(await previewP95()).toFixed(2)} (goal <= 16)`);
  await withServer(async (base) => {
    console.log(`wizard-first-load-js-gzip-kb: ${(await firstLoadKb(base)).toFixed(1)}`);
    console.log(`wizard-interactive-js-gzip-kb: ${(await interactiveKb(base)).toFixed(1)} (goal <= 150)`);
  });
}

void main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
