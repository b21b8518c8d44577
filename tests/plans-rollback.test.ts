// Rollback of a saved plan against a private emulator with foreign content (testing/seeds/foreign-content.json):
// the rollback restores exactly what was there before (foreign statements, rules and inline policies
// content-equal), goes through review like any plan, is applied by the same engine as any plan, and
// refuses when someone changed a document since (at planning, at apply, and right before the write).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { GetKeyPolicyCommand } from "@aws-sdk/client-kms";
import { GetBucketPolicyCommand, GetBucketReplicationCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../testing/seed";
import * as saved from "../lib/workflow";
import { ChangeError, executeChange } from "../lib/aws/execute";
import { instantBackoff } from "../lib/aws/retry";
import { canonicalJson } from "../lib/plan/canonical";
import { isRollbackPlan } from "../lib/workflow/rollback";
import { planAudit, plans, type Actor, type PlanRecord } from "../lib/store";
import { DST, SOURCE_BUCKET, SRC, VAULT, sandboxInput, useEmulator } from "./apply-support";

process.env.LOCKBRIDGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lockbridge-rollback-"));

const SCENARIO = "testing/seeds/foreign-content.json";
const box = useEmulator(SCENARIO);
const [srcSeed, dstSeed] = loadScenario(SCENARIO).accounts;
const alice: Actor = { name: "Alice", source: "local" };
const bob: Actor = { name: "Bob", source: "local" };
const same = (v: unknown) => canonicalJson(v);

async function approve(rec: PlanRecord, author: Actor, reviewer: Actor): Promise<PlanRecord> {
  await saved.submit(rec.id, author);
  return saved.approve(rec.id, reviewer, rec.fingerprint);
}

async function ended(id: string): Promise<PlanRecord> {
  for (let i = 0; i < 200; i++) {
    const now = (await plans().get(id))!;
    if (now.status === "applied" || now.status === "failed") return now;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("apply did not end");
}

async function appliedPlan(): Promise<PlanRecord> {
  const rec = await approve(await saved.saveDraft(sandboxInput(box.seeded), alice), alice, bob);
  const start = await saved.startPlanApply(rec.id, bob, VAULT);
  if (!start.ok || start.kind !== "apply") throw new Error(JSON.stringify(start));
  const now = await ended(rec.id);
  if (now.status === "failed") throw new Error(JSON.stringify(now.run?.error));
  return now;
}

describe("rollback of a saved plan", () => {
  it("restores the foreign-only documents after review and approval", async () => {
    await box.reseed();
    const applied = await appliedPlan();
    const rb = await saved.createRollback(applied.id, bob);
    expect(rb.status).toBe("draft");
    expect(isRollbackPlan(rb.plan)).toBe(true);
    if (!isRollbackPlan(rb.plan)) return;
    expect(rb.plan.applyable).toBe(true);
    expect(rb.plan.rollback.steps.map((s) => s.action)).toEqual([
      "PutBucketReplication",
      "PutBucketPolicy",
      "PutKeyPolicy",
      "DeleteRolePolicy",
    ]);
    expect(rb.plan.rollback.irreversible.map((i) => i.changeId)).toEqual(["destination.objectLock"]);

    // Same rules as any plan: the rollback's author cannot approve it; someone else can.
    await saved.submit(rb.id, bob);
    await expect(saved.approve(rb.id, bob, rb.fingerprint)).rejects.toMatchObject({ code: "four-eyes" });
    await saved.approve(rb.id, alice, rb.fingerprint);
    const result = await saved.startPlanApply(rb.id, alice, undefined);
    expect(result).toMatchObject({ ok: true, kind: "apply" });
    if (!result.ok) return;
    expect((await ended(rb.id)).status).toBe("applied");
    // The same run registry and progress as any plan.
    const progress = await saved.planRunProgress(result.runId);
    expect(progress).toMatchObject({ status: "succeeded", writeCalls: 4 });
    expect(progress!.message).toMatch(/^Rolled back 4 change\(s\)/);
    expect(progress!.changes.map((c) => c.action)).toEqual(["PutBucketReplication", "PutBucketPolicy", "PutKeyPolicy", "DeleteRolePolicy"]);

    const src = await box.admin(SRC);
    const dst = await box.admin(DST);
    const policy = JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!);
    expect(same(policy.Statement)).toBe(same(dstSeed!.buckets![0]!.policy!.Statement));
    const rules = (await src.s3.send(new GetBucketReplicationCommand({ Bucket: SOURCE_BUCKET }))).ReplicationConfiguration!.Rules!;
    expect(rules.map(same)).toEqual(srcSeed!.buckets![0]!.replication!.Rules.map(same));
    const key = JSON.parse(
      (await dst.kms.send(new GetKeyPolicyCommand({ KeyId: box.seeded.keys["alias/lockbridge-vault"], PolicyName: "default" }))).Policy!,
    );
    expect(same(key.Statement)).toBe(same(dstSeed!.kmsKeys![0]!.policy!.Statement));
    const role = srcSeed!.roles![1]!;
    expect((await src.iam.send(new ListRolePoliciesCommand({ RoleName: role.name }))).PolicyNames).toEqual(
      Object.keys(role.inlinePolicies!),
    );

    // Every rollback write is in the audit log, with the live document before and the restored one after.
    const audit = await planAudit(rb.id);
    expect(audit.map((e) => e.api)).toEqual(["PutBucketReplication", "PutBucketPolicy", "PutKeyPolicy", "DeleteRolePolicy"]);
    expect(audit.every((e) => e.actor === "Alice" && e.result === "ok")).toBe(true);
    expect(same(audit.find((e) => e.api === "PutBucketPolicy")!.after)).toBe(same(dstSeed!.buckets![0]!.policy!));
  });

  it("refuses to overwrite a document someone changed after the apply, and writes nothing", async () => {
    await box.reseed();
    const applied = await appliedPlan();
    const dst = await box.admin(DST);
    const live = JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!);
    live.Statement.push({
      Sid: "AddedLater",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${DST}:root` },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${VAULT}/*`,
    });
    await dst.s3.send(new PutBucketPolicyCommand({ Bucket: VAULT, Policy: JSON.stringify(live) }));

    const rb = await saved.createRollback(applied.id, bob);
    expect(rb.plan.applyable).toBe(false);
    expect(rb.plan.errors.map((e) => e.message).join()).toMatch(/bucket policy lockbridge-demo-vault changed since Lockbridge wrote it/);
    await expect(saved.submit(rb.id, bob)).rejects.toMatchObject({ code: "not-applyable" });

    expect(await planAudit(rb.id)).toEqual([]);
    expect(JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!).Statement).toHaveLength(
      live.Statement.length,
    );
  });

  it("an approved rollback is refused by the shared engine when a document changed after approval, and writes nothing", async () => {
    await box.reseed();
    const applied = await appliedPlan();
    const rb = await approve(await saved.createRollback(applied.id, bob), bob, alice);
    expect(rb.plan.applyable).toBe(true);

    const dst = await box.admin(DST);
    const live = JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!);
    live.Statement.push({
      Sid: "AddedAfterApproval",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${DST}:root` },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${VAULT}/*`,
    });
    await dst.s3.send(new PutBucketPolicyCommand({ Bucket: VAULT, Policy: JSON.stringify(live) }));

    const result = await saved.startPlanApply(rb.id, alice, undefined);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/drifted since approval/);
    expect(result.details?.join(" ")).toMatch(/rollback step "Restore the previous bucket policy of lockbridge-demo-vault\."/);
    expect(await planAudit(rb.id)).toEqual([]);
    expect(JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!).Statement).toHaveLength(
      live.Statement.length,
    );
  });

  it("the last-moment guard refuses a rollback write whose document changed after the plan was built", async () => {
    await box.reseed();
    const applied = await appliedPlan();
    const rb = await saved.createRollback(applied.id, bob);
    if (!isRollbackPlan(rb.plan)) throw new Error("not a rollback");
    const change = rb.plan.changes.find((c) => c.action === "PutBucketPolicy")!;
    expect(change).toMatchObject({ exactBefore: true, kind: "update" });

    const dst = await box.admin(DST);
    const live = JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!);
    live.Statement.push({
      Sid: "AddedJustBeforeTheWrite",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${DST}:root` },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${VAULT}/*`,
    });
    await dst.s3.send(new PutBucketPolicyCommand({ Bucket: VAULT, Policy: JSON.stringify(live) }));

    const clients = await box.admin(DST);
    const err = await executeChange(change, clients, { backoff: instantBackoff }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChangeError);
    expect((err as ChangeError).message).toMatch(/bucket policy of lockbridge-demo-vault changed since this plan was built/);
    expect(JSON.parse((await dst.s3.send(new GetBucketPolicyCommand({ Bucket: VAULT }))).Policy!).Statement).toHaveLength(
      live.Statement.length,
    );
  });
});
