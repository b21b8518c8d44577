// The vault page's data against a private emulator (testing/seeds/onboard.json): three source buckets in
// two accounts, each applied through a saved plan into one vault, are listed in sync with their rule
// enabled and their role in both vault policies; a rule changed by hand shows that source as drifted.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetBucketReplicationCommand, PutBucketReplicationCommand } from "@aws-sdk/client-s3";
import { describe, expect, it, vi } from "vitest";
import * as saved from "@/lib/workflow";
import { vaultView } from "@/lib/workflow/vault";
import { plans, type Actor, type PlanRecord } from "@/lib/store";
import { DST, SOURCE_BUCKET, SRC, VAULT, sandboxInput, useEmulator } from "./apply-support";

const settings: Record<string, string> = {};
vi.mock("@/lib/env", async (original) => {
  const real = await original<typeof import("@/lib/env")>();
  return { ...real, env: () => real.parseEnv({ ...process.env, ...settings }) };
});

process.env.LOCKBRIDGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lockbridge-vault-view-"));

const box = useEmulator("testing/seeds/onboard.json");
const alice: Actor = { name: "Alice", source: "local" };
const bob: Actor = { name: "Bob", source: "local" };
const NEW = "333333333333";
const SOURCES = [
  { account: SRC, bucket: SOURCE_BUCKET },
  { account: NEW, bucket: "lockbridge-demo-payroll" },
  { account: NEW, bucket: "lockbridge-demo-ledger" },
];

async function applySource(account: string, bucket: string): Promise<PlanRecord> {
  const input = sandboxInput(box.seeded, {
    accounts: {
      source: { accountId: account, region: "eu-west-1", bucket, access: "role", roleArn: `arn:aws:iam::${account}:role/LockbridgeAdmin` },
      destination: {
        accountId: DST,
        region: "eu-west-1",
        bucket: VAULT,
        access: "role",
        roleArn: `arn:aws:iam::${DST}:role/LockbridgeAdmin`,
      },
    },
    // Each source account has its own source key.
    ...(account === SRC
      ? {}
      : {
          encryption: {
            mode: "sse-kms",
            sourceKeyArn: box.seeded.keys["alias/lockbridge-payroll"]!,
            destinationKeyArn: box.seeded.keys["alias/lockbridge-vault"]!,
            bucketKeys: true,
          },
        }),
  });
  const rec = await saved.saveDraft(input, alice);
  await saved.submit(rec.id, alice);
  await saved.approve(rec.id, bob, rec.fingerprint);
  const start = await saved.startPlanApply(rec.id, bob, VAULT);
  if (!start.ok || start.kind !== "apply") throw new Error(`apply refused: ${JSON.stringify(start)}`);
  for (let i = 0; i < 200; i++) {
    const now = (await plans().get(rec.id))!;
    if (now.status !== "applying" && saved.planRunProgress(start.runId)?.status !== "running") return now;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("apply did not end");
}

describe("vault view", () => {
  it("lists three in-sync sources from two accounts, then shows the one whose rule was changed by hand as drifted", async () => {
    for (const s of SOURCES) {
      const rec = await applySource(s.account, s.bucket);
      expect(rec.status, `${s.bucket}: ${JSON.stringify(rec.run?.error)}`).toBe("applied");
    }
    const view = await vaultView(DST, VAULT);
    expect(view.readError).toBeNull();
    expect(view.sources.map((s) => s.sourceBucket).sort()).toEqual(SOURCES.map((s) => s.bucket).sort());
    for (const s of view.sources) {
      expect(s.drift, s.sourceBucket ?? "").toEqual({ state: "in-sync" });
      expect(s.rule).toBe("Enabled");
      expect(s.inBucketPolicy).toBe(true);
      expect(s.inKeyPolicy).toBe(true);
      expect(s.lastApply).toMatch(/^applied /);
    }
    expect(view.bucketRoom!.more).toBeGreaterThan(150);
    expect(view.keyRoom!.more).toBeGreaterThan(view.bucketRoom!.more);

    // Someone disables the ledger's rule in the console.
    const admin = await box.admin(NEW);
    const live = await admin.s3.send(new GetBucketReplicationCommand({ Bucket: "lockbridge-demo-ledger" }));
    const config = live.ReplicationConfiguration!;
    await admin.s3.send(
      new PutBucketReplicationCommand({
        Bucket: "lockbridge-demo-ledger",
        ReplicationConfiguration: { ...config, Rules: config.Rules!.map((r) => ({ ...r, Status: "Disabled" })) },
      }),
    );

    const after = await vaultView(DST, VAULT);
    const ledger = after.sources.find((s) => s.sourceBucket === "lockbridge-demo-ledger")!;
    expect(ledger.rule).toBe("Disabled");
    expect(ledger.drift).toEqual({ state: "drifted", changes: ["replication configuration of lockbridge-demo-ledger"] });
    for (const s of after.sources.filter((x) => x !== ledger)) expect(s.drift).toEqual({ state: "in-sync" });

    // The server is told to keep to the first source's account and the vault: the page no longer reads
    // the other account (rule unknown), and says why, instead of assuming its role.
    settings.LOCKBRIDGE_ALLOWED_ACCOUNTS = `${SRC},${DST}`;
    try {
      const limited = await vaultView(DST, VAULT);
      for (const s of limited.sources.filter((x) => x.sourceAccount === NEW)) {
        expect(s.rule, s.sourceBucket ?? "").toBe("unknown");
        expect(s.drift.state).not.toBe("in-sync");
      }
      expect(limited.sources.find((x) => x.sourceBucket === SOURCE_BUCKET)!.drift).toEqual({ state: "in-sync" });
    } finally {
      delete settings.LOCKBRIDGE_ALLOWED_ACCOUNTS;
    }
  });
});
