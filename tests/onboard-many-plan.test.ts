// Three source buckets in two accounts onboarded into one SSE-KMS vault through ONE saved plan, against a
// private emulator (testing/seeds/onboard.json) whose vault policies hold foreign content: the author
// cannot approve; a vault document changed after approval refuses apply without a write; a run that
// stopped half-way resumes without redoing its writes; every audit row names its source; foreign
// statements and grants survive; the vault page lists the three sources in sync.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { GetKeyPolicyCommand, PutKeyPolicyCommand } from "@aws-sdk/client-kms";
import { GetBucketPolicyCommand, GetBucketReplicationCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { createRun } from "@/lib/apply/runs";
import { reachAll } from "@/lib/aws/many-sources";
import { executeChange } from "@/lib/aws/execute";
import { instantBackoff } from "@/lib/aws/retry";
import { sourceScope, VAULT_SCOPE, type ManyPlan } from "@/lib/plan/onboard";
import { bucketPolicyPrincipals, keyPolicyPrincipals } from "@/lib/plan/vault";
import { defaultWizardInput, wizardInput, type WizardInput } from "@/lib/schema/wizard";
import { auditLog, plans, type Actor, type PlanRecord } from "@/lib/store";
import * as saved from "@/lib/workflow";
import { vaultView } from "@/lib/workflow/vault";
import { DST, SOURCE_BUCKET, SRC, VAULT, useEmulator } from "./apply-support";

process.env.LOCKBRIDGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lockbridge-many-plan-"));
process.env.LOCKBRIDGE_FOUR_EYES = "true";

const box = useEmulator("testing/seeds/onboard.json");
const alice: Actor = { name: "Alice", source: "local" };
const bob: Actor = { name: "Bob", source: "local" };
const NEW = "333333333333";
const BUCKETS = [
  [SRC, SOURCE_BUCKET, "alias/lockbridge-source"],
  [NEW, "lockbridge-demo-payroll", "alias/lockbridge-payroll"],
  [NEW, "lockbridge-demo-ledger", "alias/lockbridge-payroll"],
] as const;

const inputs = (): WizardInput[] =>
  BUCKETS.map(([account, bucket, key]) =>
    wizardInput.parse(
      defaultWizardInput({
        accounts: {
          source: {
            accountId: account,
            region: "eu-west-1",
            bucket,
            access: "role",
            roleArn: `arn:aws:iam::${account}:role/LockbridgeAdmin`,
          },
          destination: {
            accountId: DST,
            region: "eu-west-1",
            bucket: VAULT,
            access: "role",
            roleArn: `arn:aws:iam::${DST}:role/LockbridgeAdmin`,
          },
        },
        encryption: {
          mode: "sse-kms",
          sourceKeyArn: box.seeded.keys[key]!,
          destinationKeyArn: box.seeded.keys["alias/lockbridge-vault"]!,
          bucketKeys: true,
        },
        objectLock: { retention: { enabled: true, mode: "GOVERNANCE", unit: "Days", value: 1 } },
      }),
    ),
  );

const FOREIGN_DENY = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [`arn:aws:s3:::${VAULT}`, `arn:aws:s3:::${VAULT}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const FOREIGN_READ = {
  Sid: "AuditorsRead",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${DST}:root` },
  Action: "s3:GetObject",
  Resource: `arn:aws:s3:::${VAULT}/*`,
};
const FOREIGN_GRANT = {
  Sid: "BackupOperatorsDecrypt",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${DST}:root` },
  Action: ["kms:Decrypt", "kms:DescribeKey"],
  Resource: "*",
};

async function vaultPolicies() {
  const vault = await box.admin(DST);
  const bucket = JSON.parse((await vault.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!);
  const key = JSON.parse(
    (await vault.kms.send(new GetKeyPolicyCommand({ KeyId: box.seeded.keys["alias/lockbridge-vault"]!, PolicyName: "default" }))).Policy!,
  );
  return { bucket, key };
}

async function putVaultBucketPolicy(statements: object[]) {
  const vault = await box.admin(DST);
  await vault.s3.send(
    new PutBucketPolicyCommand({ Bucket: VAULT, Policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }),
  );
}

async function runToEnd(id: string, runId: string): Promise<PlanRecord> {
  for (let i = 0; i < 400; i++) {
    const now = (await plans().get(id))!;
    if (now.status !== "applying" && saved.planRunProgress(runId)?.status !== "running") return now;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("apply did not end");
}

async function approved(rec: PlanRecord): Promise<PlanRecord> {
  await saved.submit(rec.id, alice);
  return saved.approve(rec.id, bob, rec.fingerprint);
}

describe("several sources in one saved plan", () => {
  it("is approved by someone else, refuses drift, resumes a stopped run, audits per source and keeps foreign content", async () => {
    await putVaultBucketPolicy([FOREIGN_DENY]);
    const vault = await box.admin(DST);
    const keyArn = box.seeded.keys["alias/lockbridge-vault"]!;
    const seededKey = (await vaultPolicies()).key;
    await vault.kms.send(
      new PutKeyPolicyCommand({
        KeyId: keyArn,
        PolicyName: "default",
        Policy: JSON.stringify({ ...seededKey, Statement: [...seededKey.Statement, FOREIGN_GRANT] }),
      }),
    );

    let rec = await saved.saveManyDraft(inputs(), false, alice);
    const plan = rec.plan as ManyPlan;
    expect(plan.errors).toEqual([]);
    expect(plan.many.sources.map((g) => g.bucket)).toEqual(BUCKETS.map((b) => b[1]));
    await saved.submit(rec.id, alice);
    // Four eyes: the author is refused.
    await expect(saved.approve(rec.id, alice, rec.fingerprint)).rejects.toThrow(/someone else must approve/);
    rec = await saved.approve(rec.id, bob, rec.fingerprint);
    expect(rec.status).toBe("approved");

    // The vault's bucket policy changes after approval: apply refuses and writes nothing.
    await putVaultBucketPolicy([FOREIGN_DENY, FOREIGN_READ]);
    const refused = await saved.startPlanApply(rec.id, bob, VAULT);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.details).toEqual(
      expect.arrayContaining([expect.stringContaining(`${VAULT_SCOPE}:destination.bucketPolicy`)]),
    );
    expect((await auditLog().listAudit({ planId: rec.id })).total).toBe(0);

    // Re-plan (back to draft), review again.
    const replanned = await saved.replan(rec.id, alice);
    expect(replanned.changed).toBe(true);
    rec = await approved(replanned.record);
    const fresh = rec.plan as ManyPlan;

    // A first run writes the first source's role and policy, then the server stops.
    const first = sourceScope(fresh.many.inputs[0]!);
    const early = fresh.changes.filter((c) => c.id === `${first}:source.role` || c.id === `${first}:source.rolePolicy`);
    expect(early).toHaveLength(2);
    const stopped = createRun({ fingerprint: rec.fingerprint, actor: bob.name }, rec.id);
    await plans().claimForApply(rec.id, rec.fingerprint, bob, stopped.snapshot.runId);
    const { baselineOf } = await import("@/lib/apply/resume");
    stopped.baseline = baselineOf(fresh);
    const reach = reachAll(fresh.many.inputs);
    for (const c of early) {
      await executeChange(c, reach.source(0)!, { backoff: instantBackoff, onWrite: () => stopped.touched.add(c.id) });
      stopped.written.add(c.id);
    }
    reach.destroy();
    stopped.snapshot.status = "failed";
    stopped.snapshot.finishedAt = new Date().toISOString();
    await plans().markFailed(rec.id, { runId: stopped.snapshot.runId, actor: bob, error: { code: "Interrupted", message: "stopped" } });

    // The retry continues: the earlier writes are accepted as in place and not redone.
    const start = await saved.startPlanApply(rec.id, bob, VAULT);
    expect(start).toMatchObject({ ok: true, kind: "apply" });
    const runId = start.ok ? start.runId : "";
    const done = await runToEnd(rec.id, runId);
    const progress = saved.planRunProgress(runId)!;
    expect(done.status, JSON.stringify(progress.refusal ?? progress.failure ?? progress.message)).toBe("applied");
    expect(progress.resumeOf).toBe(stopped.snapshot.runId);
    for (const c of early) expect(progress.changes.find((x) => x.id === c.id)).toMatchObject({ state: "skipped", appliedEarlier: true });

    // Every audit row names its source (or the vault) by change id; the retry did not redo the early writes.
    const rows = (await auditLog().listAudit({ planId: rec.id, runId }, { limit: 500 })).entries;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.result === "ok" && r.actor === "Bob")).toBe(true);
    expect(rows.map((r) => r.changeId)).not.toEqual(expect.arrayContaining(early.map((c) => c.id)));
    const scopes = new Set(rows.map((r) => r.changeId!.slice(0, r.changeId!.lastIndexOf(":"))));
    expect([...scopes].sort()).toEqual([...fresh.many.sources.map((g) => g.scope), VAULT_SCOPE].sort());
    expect(rows.filter((r) => r.api === "PutBucketPolicy")).toHaveLength(1);
    expect(rows.filter((r) => r.api === "PutKeyPolicy")).toHaveLength(1);
    expect(
      rows
        .filter((r) => r.api === "PutBucketReplication")
        .map((r) => r.target)
        .sort(),
    ).toEqual(BUCKETS.map((b) => b[1]).sort());

    // Foreign statements and grants survive; every source role is in both vault policies.
    const live = await vaultPolicies();
    expect(live.bucket.Statement).toEqual(expect.arrayContaining([FOREIGN_DENY, FOREIGN_READ]));
    expect(live.key.Statement).toEqual(expect.arrayContaining([FOREIGN_GRANT, ...seededKey.Statement]));
    const roles = fresh.many.sources.map((g) => g.roleArn);
    expect(bucketPolicyPrincipals(live.bucket).sort()).toEqual([...roles].sort());
    expect(keyPolicyPrincipals(live.key).sort()).toEqual([...roles].sort());
    const other = await box.admin(NEW);
    const ledger = await other.s3.send(new GetBucketReplicationCommand({ Bucket: "lockbridge-demo-ledger" }));
    expect(ledger.ReplicationConfiguration!.Rules!.map((r) => r.Destination?.Bucket)).toEqual([`arn:aws:s3:::${VAULT}`]);

    // The vault page lists the three sources of the one plan, in sync, with their last apply.
    const view = await vaultView(DST, VAULT);
    expect(view.sources.map((s) => s.sourceBucket).sort()).toEqual(BUCKETS.map((b) => b[1]).sort());
    for (const s of view.sources) {
      expect(s.drift, s.sourceBucket ?? "").toEqual({ state: "in-sync" });
      expect(s.planId).toBe(rec.id);
      expect(s.lastApply).toMatch(/^applied /);
    }
    const summary = (await plans().list()).plans.find((p) => p.id === rec.id)!;
    expect(summary.sourceCount).toBe(3);
  });

  it("refuses, without a write, when preflight finds a Deny that would stop replication; then applies with one role per account", async () => {
    await box.reseed();
    const deny = {
      Sid: "NoReplicasPlease",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:ReplicateObject",
      Resource: `arn:aws:s3:::${VAULT}/*`,
    };
    await putVaultBucketPolicy([deny]);
    const rec = await approved(await saved.saveManyDraft(inputs(), true, alice));
    const start = await saved.startPlanApply(rec.id, bob, VAULT);
    expect(start).toMatchObject({ ok: true, kind: "apply" });
    const done = await runToEnd(rec.id, start.ok ? start.runId : "");
    const run = saved.planRunProgress(start.ok ? start.runId : "")!;
    expect(done.status).toBe("failed");
    expect(run.status).toBe("refused");
    expect(run.refusal?.reason).toMatch(/^Preflight diagnostics found problems/);
    expect(run.writeCalls).toBe(0);
    expect((await auditLog().listAudit({ planId: rec.id })).total).toBe(0);
    expect((await vaultPolicies()).bucket.Statement).toEqual([deny]);

    // Without the Deny the same plan (one role per account) re-plans, is approved again and applies; the
    // vault page shows its three sources in sync, two of them through the one role of 333333333333.
    await putVaultBucketPolicy([FOREIGN_READ]);
    const again = await saved.replan(rec.id, alice);
    expect(again.changed).toBe(true);
    const second = await approved(again.record);
    const run2 = await saved.startPlanApply(second.id, bob, VAULT);
    const end = await runToEnd(second.id, run2.ok ? run2.runId : "");
    expect(end.status, JSON.stringify(saved.planRunProgress(run2.ok ? run2.runId : "")?.refusal)).toBe("applied");
    const roles = (second.plan as ManyPlan).many.sources.map((g) => g.roleArn);
    expect(new Set(roles).size).toBe(2);
    const view = await vaultView(DST, VAULT);
    expect(view.sources.map((x) => x.sourceBucket).sort()).toEqual(BUCKETS.map((b) => b[1]).sort());
    for (const x of view.sources) expect(x.drift, x.sourceBucket ?? "").toEqual({ state: "in-sync" });
    expect((await vaultPolicies()).bucket.Statement).toEqual(expect.arrayContaining([FOREIGN_READ]));
  });
  it("with one role per account, the saved plan reads the shared role, not a bucket's own role that exists", async () => {
    await box.reseed();
    const admin = await box.admin(SRC);
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
    // The bucket's own role, e.g. from an earlier one-source onboarding.
    await admin.iam.send(
      new CreateRoleCommand({
        RoleName: `${SOURCE_BUCKET}-to-${VAULT}`,
        Path: "/service-role/",
        AssumeRolePolicyDocument: JSON.stringify(trust),
      }),
    );
    const rec = await saved.saveManyDraft(inputs(), true, alice);
    const plan = rec.plan as ManyPlan;
    const role = plan.changes.find((c) => c.id === `${SRC}/${SOURCE_BUCKET}:source.role`)!;
    expect(role.action).toBe("CreateRole");
    expect(role.target).toBe(`lockbridge-to-${VAULT}`);
    // What review shows is what apply will find: re-planning gives the same fingerprint.
    expect((await saved.replan(rec.id, alice)).changed).toBe(false);
  });
});
