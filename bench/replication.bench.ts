// Sandbox replication latency: how long after a PutObject the replica is readable in the vault, with the
// sandbox's default replication delay. A private emulator seeded with testing/seeds/sandbox.json gets the full
// SSE-KMS plan applied (as the wizard does), then N objects are written under the rule one after another
// and the vault is polled (HeadObject every 20 ms) for each replica.
// Prints:
//   sandbox-replica-latency-ms-p95: N   95th percentile, PUT sent to replica visible (N objects)
//   sandbox-replica-latency-ms-p50: N   median
//   sandbox-replication-delay-ms: N     the engine's configured PENDING time (LOCKBRIDGE_SANDBOX_REPLICATION_DELAY_MS)
// Run: node_modules/.bin/tsx bench/replication.bench.ts
import { spawnSync } from "node:child_process";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { SANDBOX_ACCOUNTS } from "../app/wizard/accounts/_components/sandbox-values";
import { resetAndSeed } from "../testing/seed";
import { emulatorClients, sandboxCredentials } from "../testing/emulator";
import { startEmulator } from "../scripts/emulator/lifecycle.mjs";

// lib/apply imports "server-only", which resolves outside React Server Components only under the
// "react-server" export condition: re-run this file with it.
if (!process.execArgv.some((a) => a.includes("react-server"))) {
  const r = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", __filename], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const OBJECTS = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const emu = await startEmulator({ logName: "bench-replication.log" });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: emu.endpoint,
    AWS_ACCESS_KEY_ID: sandboxCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandboxCredentials.secretAccessKey,
    AWS_REGION: "eu-west-1",
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  try {
    const { applyPlan } = await import("../lib/apply/apply");
    const { reviewPlan } = await import("../lib/apply/review");
    const { wizardInput, defaultWizardInput } = await import("../lib/schema/wizard");
    const seeded = await resetAndSeed(emu.endpoint, "testing/seeds/sandbox.json");
    const input = wizardInput.parse(
      defaultWizardInput({
        accounts: SANDBOX_ACCOUNTS,
        encryption: {
          mode: "sse-kms",
          sourceKeyArn: seeded.keys["alias/lockbridge-source"]!,
          destinationKeyArn: seeded.keys["alias/lockbridge-vault"]!,
          bucketKeys: true,
        },
        objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 1 } },
      }),
    );
    const plan = await reviewPlan(input);
    const run = await applyPlan({ input, fingerprint: plan.fingerprint, confirm: input.accounts.destination.bucket });
    if (run.status !== "succeeded") throw new Error(`apply did not succeed: ${run.status}: ${run.message}`);

    const src = await emulatorClients(emu.endpoint, SANDBOX_ACCOUNTS.source.accountId);
    const dst = await emulatorClients(emu.endpoint, SANDBOX_ACCOUNTS.destination.accountId);
    const prefix = input.rule.scope === "prefix" || input.rule.scope === "prefix-tags" ? input.rule.prefix : "";
    const latencies: number[] = [];
    for (let i = 0; i < OBJECTS; i++) {
      const Key = `${prefix}bench/object-${i}.txt`;
      const t0 = performance.now();
      const put = await src.s3.send(
        new PutObjectCommand({
          Bucket: input.accounts.source.bucket,
          Key,
          Body: `bench ${i}`,
          ServerSideEncryption: "aws:kms",
          SSEKMSKeyId: input.encryption.mode === "sse-kms" ? input.encryption.sourceKeyArn : undefined,
        }),
      );
      for (;;) {
        const seen = await dst.s3
          .send(new HeadObjectCommand({ Bucket: input.accounts.destination.bucket, Key, VersionId: put.VersionId }))
          .then(
            (h) => h.ReplicationStatus === "REPLICA",
            () => false,
          );
        if (seen) break;
        if (performance.now() - t0 > 10_000) throw new Error(`no replica of ${Key} after 10 s`);
        await sleep(20);
      }
      latencies.push(performance.now() - t0);
    }
    src.destroy();
    dst.destroy();
    const sorted = [...latencies].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    const { delayMs } = (await (await fetch(`${emu.endpoint}/lockbridge-sandbox/latency`)).json()) as { delayMs: number };
    console.log(`sandbox-replica-latency-ms-p95: ${Math.round(pct(95))}`);
    console.log(`sandbox-replica-latency-ms-p50: ${Math.round(pct(50))}`);
    console.log(`sandbox-replication-delay-ms: ${delayMs}`);
  } finally {
    await emu.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
