import "server-only";
// Executes an approved rollback plan: DeleteBucketPolicy / DeleteRolePolicy / DeleteRole /
// DeleteBucketReplication, or Put… with the "before" documents from the audit log. Every step is first
// checked against live state (rollback-live.ts: only restore what Lockbridge wrote), all of them before
// the first write, so a refusal changes nothing; each write goes to the audit log.
import { DeleteRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from "@aws-sdk/client-iam";
import { PutKeyPolicyCommand } from "@aws-sdk/client-kms";
import { DeleteBucketPolicyCommand, DeleteBucketReplicationCommand, PutBucketPolicyCommand, PutBucketReplicationCommand } from "@aws-sdk/client-s3";
import { toSdkReplication } from "@/lib/aws/adapters";
import type { AccountClients } from "@/lib/aws/clients";
import { toFailure } from "@/lib/aws/errors";
import { destroyClients, type SideClients, sideClients } from "@/lib/aws/session";
import { isObject } from "@/lib/plan/canonical";
import type { Json } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";
import type { AuditStore, RollbackStep } from "@/lib/store";
import { appendSafely } from "./audit";
import { readLive, verdict } from "./rollback-live";

export type RollbackStepState = "done" | "already-restored" | "refused" | "failed" | "not-started";
export type RollbackStepResult = { auditSeq: number; description: string; action: RollbackStep["action"]; target: string; state: RollbackStepState; note?: string; requestId?: string };
export type RollbackRun = { status: "succeeded" | "refused" | "failed"; message: string; steps: RollbackStepResult[]; failed?: { changeId: string; code: string; message: string } };

type Ctx = { planId: string; runId: string; actor: string; input: WizardInput; clients?: SideClients; audit?: AuditStore };

const replicationOf = (r: Json | null) => (isObject(r) ? { Role: typeof r.Role === "string" ? r.Role : "", Rules: Array.isArray(r.Rules) ? r.Rules.filter(isObject) : [] } : { Role: "", Rules: [] });
const str = (doc: Json | null, key: string) => String((doc as Record<string, Json> | null)?.[key] ?? "");
const json = (doc: Json | null) => JSON.stringify(doc ?? {});

function send(step: RollbackStep, c: AccountClients): Promise<{ $metadata: { requestId?: string } }> {
  const bucket = { Bucket: step.target, ExpectedBucketOwner: step.accountId };
  const r = step.restore;
  const doc = (key: string) => JSON.stringify((r as Record<string, Json> | null)?.[key] ?? {});
  switch (step.action) {
    case "PutBucketPolicy":
      return c.s3.send(new PutBucketPolicyCommand({ ...bucket, Policy: json(r) }));
    case "DeleteBucketPolicy":
      return c.s3.send(new DeleteBucketPolicyCommand(bucket));
    case "PutBucketReplication":
      return c.s3.send(new PutBucketReplicationCommand({ ...bucket, ReplicationConfiguration: toSdkReplication(replicationOf(r)) }));
    case "DeleteBucketReplication":
      return c.s3.send(new DeleteBucketReplicationCommand(bucket));
    case "PutKeyPolicy":
      return c.kms.send(new PutKeyPolicyCommand({ KeyId: step.target, PolicyName: "default", Policy: json(r) }));
    case "UpdateAssumeRolePolicy":
      return c.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: str(r, "RoleName") || step.target, PolicyDocument: doc("PolicyDocument") }));
    case "PutRolePolicy":
      return c.iam.send(new PutRolePolicyCommand({ RoleName: str(r, "RoleName") || step.target, PolicyName: str(r, "PolicyName"), PolicyDocument: doc("PolicyDocument") }));
    case "DeleteRolePolicy":
      return c.iam.send(new DeleteRolePolicyCommand({ RoleName: step.names?.roleName ?? step.target, PolicyName: step.names?.policyName ?? "" }));
    case "DeleteRole":
      return c.iam.send(new DeleteRoleCommand({ RoleName: step.names?.roleName ?? step.target }));
  }
}

const deletedBefore = (steps: RollbackStep[], i: number) => steps.slice(0, i).filter((s) => s.action === "DeleteRolePolicy").map((s) => s.names?.policyName ?? "");

/** Pre-checks every step (no write), for the review page and before the first write. */
export async function checkRollback(steps: RollbackStep[], clients: SideClients): Promise<{ current: Json | null; problem?: string; restored?: boolean }[]> {
  return Promise.all(
    steps.map(async (s, i) => {
      const c = clients[s.account];
      if (!c) return { current: null, problem: `No access to the ${s.account} account: this step cannot be checked or applied from here.` };
      try {
        const current = await readLive(s, c);
        const v = verdict(s, current, deletedBefore(steps, i));
        return { current, ...(v.kind === "refuse" ? { problem: v.reason } : {}), ...(v.kind === "already-restored" ? { restored: true } : {}) };
      } catch (err) {
        const f = toFailure(err);
        return { current: null, problem: `Could not read the live ${s.action.replace(/^(Put|Delete|Update)/, "")} of ${s.target}: ${f.code}: ${f.message}` };
      }
    }),
  );
}

export async function runRollback(steps: RollbackStep[], ctx: Ctx): Promise<RollbackRun> {
  const clients = ctx.clients ?? sideClients(ctx.input);
  const results: RollbackStepResult[] = steps.map((s) => ({ auditSeq: s.auditSeq, description: s.description, action: s.action, target: s.target, state: "not-started" }));
  try {
    const checks = await checkRollback(steps, clients);
    const refused = checks.map((c, i) => (c.problem ? i : -1)).filter((i) => i >= 0);
    if (refused.length > 0) {
      for (const i of refused) Object.assign(results[i]!, { state: "refused", note: checks[i]!.problem });
      return { status: "refused", message: "Nothing was changed: live state no longer matches what Lockbridge wrote.", steps: results };
    }
    for (const [i, step] of steps.entries()) {
      const c = clients[step.account]!;
      // Checked again right before the write: the pre-check may be seconds old.
      const live = await readLive(step, c);
      const v = verdict(step, live, deletedBefore(steps, i));
      const r = results[i]!;
      if (v.kind === "already-restored") {
        Object.assign(r, { state: "already-restored", note: "Already as it was before: nothing to send." });
        continue;
      }
      if (v.kind === "refuse") {
        Object.assign(r, { state: "refused", note: v.reason });
        return { status: "failed", message: `Stopped before "${step.description}": ${v.reason}`, steps: results, failed: { changeId: step.changeId, code: "LiveStateChanged", message: v.reason } };
      }
      const audit = { actor: ctx.actor, planId: ctx.planId, runId: ctx.runId, changeId: step.changeId, account: step.account, accountId: step.accountId, region: step.region, api: step.action, target: step.target, before: live, after: step.restore };
      try {
        const out = await send(step, c);
        appendSafely({ ...audit, requestId: out.$metadata.requestId ?? null, result: "ok" }, ctx.audit);
        Object.assign(r, { state: "done", requestId: out.$metadata.requestId });
      } catch (err) {
        const f = toFailure(err);
        appendSafely({ ...audit, requestId: f.requestId ?? null, result: "failed", errorCode: f.code, errorMessage: f.message }, ctx.audit);
        Object.assign(r, { state: "failed", note: `${f.code}: ${f.message}`, requestId: f.requestId });
        return { status: "failed", message: `Failed at "${step.description}": ${f.code}: ${f.message} Steps already done stay done.`, steps: results, failed: { changeId: step.changeId, code: f.code, message: f.message } };
      }
    }
    return { status: "succeeded", message: `Rollback applied: ${results.filter((r) => r.state === "done").length} write call(s).`, steps: results };
  } finally {
    if (!ctx.clients) destroyClients(clients);
  }
}
