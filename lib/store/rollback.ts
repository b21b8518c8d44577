import "server-only";
// Rollback: from an applied (or partly applied) plan and its audit entries, describe the changes that
// restore what was live before. Pure (no I/O): the result becomes a new draft that goes through the
// same review and approval as any plan, and apply re-reads live state before writing anything.
//
// What is reversible: bucket policy, key policy, the role (its trust policy, its inline policy, or the
// role itself when we created it) and the replication configuration: restore the "before" document,
// or delete what did not exist. Object Lock and versioning are not: S3 never turns Object Lock off,
// and a bucket that was ever versioned can only be suspended, never return to unversioned.
import { equivalent } from "../plan/normalize";
import { unhandled } from "../plan/exhaustive";
import type { IrreversibleChange, RollbackDescription, RollbackStep } from "../plan/rollback";
import type { ChangeAction, ChangeId, Json } from "../plan/types";
import type { AuditEntry, PlanRecord } from "./types";

export type { IrreversibleChange, RollbackDescription, RollbackStep } from "../plan/rollback";
/** The actions a rollback step can take. */
export type RollbackAction = RollbackStep["action"];

const IRREVERSIBLE: Partial<Record<ChangeAction, string>> = {
  PutObjectLockConfiguration:
    "Object Lock cannot be turned off once enabled, and objects already under retention stay locked until it expires (COMPLIANCE retention cannot be shortened by anyone).",
  PutBucketVersioning:
    "Versioning can never be removed from a bucket once enabled, only suspended; suspending it on the Object Lock destination is not allowed, and on the source it would stop replication.",
};

const isObj = (v: Json | null): v is { [k: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: Json | undefined): string | undefined => (typeof v === "string" ? v : undefined);

export function rollbackInput(record: Pick<PlanRecord, "id" | "plan">, audit: AuditEntry[]): RollbackDescription {
  const warnings: string[] = [];
  const steps: RollbackStep[] = [];
  const irreversible: IrreversibleChange[] = [];
  const notApplied: ChangeId[] = [];

  const written = audit.filter((e) => e.planId === record.id && e.result === "ok").sort((a, b) => a.seq - b.seq);
  for (const change of record.plan.changes) {
    const sameChange = written.filter((e) =>
      e.changeId ? e.changeId === change.id : e.api === change.action && e.target === change.target && e.account === change.account,
    );
    // A plan edited after a failed apply may have written this change to another bucket, key or role
    // first. Only writes to the plan's current target can be undone from here: restoring the first
    // "before" of another target onto this one would replace a document that was never ours.
    const mine = sameChange.filter((e) => e.target === change.target && e.account === change.account && e.accountId === change.accountId);
    const elsewhere = [...new Set(sameChange.filter((e) => !mine.includes(e)).map((e) => `${e.target} in ${e.accountId}`))];
    if (elsewhere.length > 0)
      warnings.push(
        `${change.id}: before the plan was edited, this change was also written to ${elsewhere.join(", ")}; that write is not undone by this rollback. Restore it by hand from the audit log.`,
      );
    if (mine.length === 0) {
      if (elsewhere.length === 0) notApplied.push(change.id);
      continue;
    }
    const reason = IRREVERSIBLE[change.action];
    if (reason) {
      irreversible.push({ changeId: change.id, action: change.action, target: change.target, reason });
      continue;
    }
    // Each later write must have found what the one before it left. If not, someone changed the document
    // between Lockbridge's writes, and restoring the first "before" would throw their change away.
    // Compared by meaning: AWS hands a document back in its own form (key order, one-element lists).
    const broken = mine.findIndex((e, i) => i > 0 && !equivalent(e.before, mine[i - 1]!.after));
    if (broken > 0) {
      warnings.push(
        `${change.id}: ${change.target} was changed by someone else between Lockbridge's writes (audit #${mine[broken - 1]!.seq} and #${mine[broken]!.seq}); restoring the document from before the first write would undo that change too, so it is not rolled back. Restore it by hand from the audit log.`,
      );
      continue;
    }
    // The first successful write holds the original state; later ones (retries) saw our own document.
    const first = mine[0]!;
    const last = mine[mine.length - 1]!;
    // Entries written before the audit log stopped scrubbing documents may have lost values.
    if (first.scrubbed.some((p) => p.startsWith("$.before"))) {
      warnings.push(
        `${change.id}: the recorded "before" document had values removed as possible secrets (${first.scrubbed.join(", ")}); check the restored document in review.`,
      );
    }
    const base = {
      changeId: change.id,
      account: change.account,
      accountId: change.accountId,
      region: change.region,
      target: change.target,
      expectedCurrent: last.after,
      auditSeq: first.seq,
    };
    const before = first.before;
    switch (change.action) {
      case "PutBucketPolicy":
      case "PutBucketReplication": {
        const noun = change.action === "PutBucketPolicy" ? "bucket policy" : "replication configuration";
        if (before === null) {
          const action = change.action === "PutBucketPolicy" ? "DeleteBucketPolicy" : "DeleteBucketReplication";
          steps.push({ ...base, action, restore: null, description: `Delete the ${noun} of ${change.target} (there was none before).` });
        } else {
          steps.push({ ...base, action: change.action, restore: before, description: `Restore the previous ${noun} of ${change.target}.` });
        }
        break;
      }
      case "PutKeyPolicy":
        if (before === null) {
          // A KMS key always has a policy: a null "before" means it could not be read.
          warnings.push(
            `destination.keyPolicy: the key policy of ${change.target} before the change was not recorded; restore it by hand.`,
          );
        } else {
          steps.push({
            ...base,
            action: "PutKeyPolicy",
            restore: before,
            description: `Restore the previous key policy of ${change.target}.`,
          });
        }
        break;
      case "UpdateAssumeRolePolicy":
        if (before === null)
          warnings.push(`source.role: the previous trust policy of ${change.target} was not recorded; restore it by hand.`);
        else
          steps.push({
            ...base,
            action: "UpdateAssumeRolePolicy",
            restore: before,
            description: `Restore the previous trust policy of role ${change.target}.`,
          });
        break;
      case "PutRolePolicy": {
        const after = isObj(last.after) ? last.after : change.after;
        const roleName = str(after?.RoleName) ?? change.target;
        const policyName = str(after?.PolicyName) ?? record.plan.names.rolePolicyName;
        if (before === null) {
          steps.push({
            ...base,
            action: "DeleteRolePolicy",
            restore: null,
            names: { roleName, policyName },
            description: `Delete inline policy ${policyName} of role ${roleName} (it did not exist before).`,
          });
        } else {
          steps.push({
            ...base,
            action: "PutRolePolicy",
            restore: before,
            description: `Restore the previous inline policy ${policyName} of role ${roleName}.`,
          });
        }
        break;
      }
      case "CreateRole":
        steps.push({
          ...base,
          action: "DeleteRole",
          restore: null,
          names: { roleName: change.target },
          description: `Delete role ${change.target}, which Lockbridge created (after its inline policy).`,
        });
        break;
      // Irreversible (handled above), or only found in rollback plans themselves.
      case "PutBucketVersioning":
      case "PutObjectLockConfiguration":
      case "DeleteBucketPolicy":
      case "DeleteBucketReplication":
      case "DeleteRolePolicy":
      case "DeleteRole":
        warnings.push(`${change.id}: no rollback is known for ${change.action}.`);
        break;
      default:
        unhandled(change);
    }
  }
  // Undo in reverse apply order: replication stops before the role that it uses disappears, and an
  // inline policy is deleted before its role (IAM refuses DeleteRole while policies are attached).
  const applyOrder = new Map(record.plan.changes.map((c, i) => [c.id, i]));
  steps.sort((a, b) => (applyOrder.get(b.changeId) ?? 0) - (applyOrder.get(a.changeId) ?? 0));
  return { planId: record.id, steps, irreversible, notApplied, warnings };
}
