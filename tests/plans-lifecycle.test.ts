// Saved plans against a private emulator (sandbox seed): save → submit → approve by someone else →
// apply with every write in the audit log; four eyes; drift after approval refuses with the reason.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { planRunProgress, saveDraft, startPlanApply } from "../lib/workflow";
import * as saved from "../lib/workflow";
import { LifecycleError, planAudit, plans, type Actor, type PlanRecord } from "../lib/store";
import { DST, VAULT, sandboxInput, useEmulator } from "./apply-support";

// The store opens LOCKBRIDGE_DATA_DIR at first use (lib/env caches it): a private directory per file.
process.env.LOCKBRIDGE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "lockbridge-plans-"));

const box = useEmulator();
const alice: Actor = { name: "Alice", source: "local" };
const bob: Actor = { name: "Bob", source: "local" };

async function approved(ruleId: string): Promise<PlanRecord> {
  const rec = await saveDraft(sandboxInput(box.seeded, { rule: { ruleId } }), alice);
  await saved.submit(rec.id, alice);
  return saved.approve(rec.id, bob, rec.fingerprint, "ok");
}

/** Waits until the run has ended and its outcome is recorded on the plan. */
async function settled(id: string, runId: string): Promise<PlanRecord> {
  for (let i = 0; i < 200; i++) {
    const rec = (await plans().get(id))!;
    if (planRunProgress(runId)?.status !== "running" && rec.status !== "applying") return rec;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("run did not end");
}

describe("saved plans", () => {
  it("applies an approved plan and records every write call in the audit log", async () => {
    await box.reseed();
    const rec = await approved("lifecycle-apply");
    const start = await startPlanApply(rec.id, bob, VAULT);
    expect(start).toMatchObject({ ok: true, kind: "apply" });
    const done = await settled(rec.id, (start as { runId: string }).runId);
    expect(done.status).toBe("applied");
    expect(done.history.map((h) => h.event)).toEqual(["created", "submitted", "approved", "apply started", "apply finished"]);

    const audit = await planAudit(rec.id);
    const writes = rec.plan.changes.filter((c) => c.kind !== "no-op");
    expect(audit.map((e) => e.changeId).sort()).toEqual(writes.map((c) => c.id).sort());
    for (const e of audit) {
      const change = writes.find((c) => c.id === e.changeId)!;
      expect(e).toMatchObject({
        actor: "Bob",
        planId: rec.id,
        result: "ok",
        api: change.action,
        target: change.target,
        accountId: change.accountId,
        region: change.region,
      });
      expect(e.runId).toBe(done.run?.runId);
    }
    expect(JSON.stringify(audit)).not.toMatch(/lockbridge-sandbox-secret|SessionToken|SecretAccessKey/i);
  });

  it("refuses to start without the typed bucket name when Object Lock is part of the plan", async () => {
    await box.reseed();
    const rec = await approved("lifecycle-confirm");
    const start = await startPlanApply(rec.id, bob, "wrong-bucket");
    expect(start).toMatchObject({ ok: false, message: expect.stringContaining(`Type the destination bucket name (${VAULT})`) });
    expect((await plans().get(rec.id))!.status).toBe("approved");
  });

  it("four eyes: the author cannot approve their own plan", async () => {
    await box.reseed();
    const rec = await saveDraft(sandboxInput(box.seeded, { rule: { ruleId: "lifecycle-four-eyes" } }), alice);
    await saved.submit(rec.id, alice);
    await expect(saved.approve(rec.id, { name: " alice ", source: "local" }, rec.fingerprint)).rejects.toMatchObject({ code: "four-eyes" });
    await expect(saved.approve(rec.id, alice, rec.fingerprint)).rejects.toBeInstanceOf(LifecycleError);
  });

  it("refuses an approved plan whose live state drifted, naming the document, and writes nothing", async () => {
    await box.reseed();
    const rec = await approved("lifecycle-drift");
    const dst = await box.admin(DST);
    const foreign = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AuditorsRead",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${DST}:root` },
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::${VAULT}/*`,
        },
      ],
    };
    await dst.s3.send(new PutBucketPolicyCommand({ Bucket: VAULT, Policy: JSON.stringify(foreign) }));
    const start = await startPlanApply(rec.id, bob, VAULT);
    expect(start.ok).toBe(false);
    const details = (start as { details: string[] }).details.join("\n");
    expect(details).toContain(`The policy of bucket ${VAULT} changed since the plan was approved`);
    expect(details).toContain(`PutBucketPolicy on ${VAULT} would now write a different document`);
    expect((await plans().get(rec.id))!.status).toBe("approved");
    expect(await planAudit(rec.id)).toEqual([]);

    // Re-plan: the fingerprint changed, so the plan goes back to draft and loses its approval.
    const replanned = await saved.replan(rec.id, alice);
    expect(replanned.changed).toBe(true);
    expect(replanned.record).toMatchObject({ status: "draft", approval: null });
  });
});
