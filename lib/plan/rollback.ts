// Rollback as an ordinary plan. The steps come from the audit log (lib/store/rollback.ts: restore the
// "before" document, or delete what did not exist); here each step becomes a typed Change whose `before`
// is what is live now and whose `after` is what the step restores. The plan is reviewed, approved and
// applied by the same engine as any plan (lib/apply), with the same guards:
// - a step only writes over a document that is still exactly what Lockbridge wrote (expectedCurrent);
//   anything else is someone else's change and becomes a plan error naming the document;
// - a step whose document is already as it was before is a no-op;
// - every change is `exactBefore`: right before the write the live document must still equal `before`.
// The fingerprint covers the changes and a hash of every live read, so approval binds to exactly what
// will be overwritten, and apply refuses when anything changed since.
import { canonicalJson, isObject } from "./canonical";
import { planDocuments } from "./documents";
import { unhandled } from "./exhaustive";
import { planFingerprint } from "./fingerprint";
import { equivalent } from "./normalize";
import type { Read } from "./observed";
import { sha256Hex } from "./sha256";
import type {
  AccountSide,
  Change,
  ChangeAction,
  ChangeId,
  InlinePolicyDocument,
  Json,
  Plan,
  PlanProblem,
  PolicyDocument,
  ReplicationConfiguration,
  RoleAttachments,
  TrustPolicyDocument,
} from "./types";

export type RollbackStep = {
  changeId: ChangeId;
  account: AccountSide;
  accountId: string;
  region: string;
  action: ChangeAction;
  /** Bucket name, role name or key ARN. */
  target: string;
  /** The document to write back, or null when the action deletes (Delete* actions). */
  restore: Json | null;
  /** For Delete* actions on IAM: the role / policy to delete. */
  names?: { roleName: string; policyName?: string };
  /** What our write left live. If live differs now, someone changed it since: the review must show that. */
  expectedCurrent: Json | null;
  /** The audit entry whose "before" is restored. */
  auditSeq: number;
  description: string;
};

export type IrreversibleChange = { changeId: ChangeId; action: ChangeAction; target: string; reason: string };

export type RollbackDescription = {
  planId: string;
  /** In the order to run them: the reverse of apply (replication stops first, the role goes last). */
  steps: RollbackStep[];
  irreversible: IrreversibleChange[];
  /** Changes of the plan with no successful write in the audit log: nothing to undo. */
  notApplied: ChangeId[];
  warnings: string[];
};

export type RollbackSection = RollbackDescription & { of: string; checkedAt: string };
export type RollbackPlan = Plan & { rollback: RollbackSection };

export const isRollbackPlan = (p: Plan): p is RollbackPlan => "rollback" in p && isObject((p as { rollback?: unknown }).rollback);

const NOUN: Record<ChangeAction, string> = {
  PutBucketVersioning: "versioning of bucket",
  PutObjectLockConfiguration: "Object Lock configuration of",
  CreateRole: "role",
  UpdateAssumeRolePolicy: "trust policy of role",
  PutRolePolicy: "inline policy of role",
  PutKeyPolicy: "key policy",
  PutBucketPolicy: "bucket policy",
  PutBucketReplication: "replication configuration",
  DeleteBucketPolicy: "bucket policy",
  DeleteBucketReplication: "replication configuration",
  DeleteRolePolicy: "inline policy of role",
  DeleteRole: "role",
};

export const describeStepTarget = (s: RollbackStep) => `${NOUN[s.action]} ${s.names?.roleName ?? s.target}`;

const asPolicy = (v: Json | null): PolicyDocument | undefined => (isObject(v) ? v : undefined);
const asReplication = (v: Json | null): ReplicationConfiguration | undefined =>
  isObject(v) && typeof v.Role === "string" && Array.isArray(v.Rules) && v.Rules.every(isObject)
    ? { Role: v.Role, Rules: v.Rules.filter(isObject) }
    : undefined;
const asTrust = (v: Json | null): TrustPolicyDocument | undefined =>
  isObject(v) && typeof v.RoleName === "string" && isObject(v.PolicyDocument)
    ? { RoleName: v.RoleName, PolicyDocument: v.PolicyDocument }
    : undefined;
const asInline = (v: Json | null): InlinePolicyDocument | undefined =>
  isObject(v) && typeof v.RoleName === "string" && typeof v.PolicyName === "string" && isObject(v.PolicyDocument)
    ? { RoleName: v.RoleName, PolicyName: v.PolicyName, PolicyDocument: v.PolicyDocument }
    : undefined;
const asAttachments = (v: Json | null): RoleAttachments | undefined => {
  if (!isObject(v) || typeof v.RoleName !== "string" || !Array.isArray(v.InlinePolicies) || !Array.isArray(v.AttachedPolicies))
    return undefined;
  const names = (l: Json[]) => l.filter((x): x is string => typeof x === "string");
  return { RoleName: v.RoleName, InlinePolicies: names(v.InlinePolicies), AttachedPolicies: names(v.AttachedPolicies) };
};

/** `parse(v)` for a document that may be absent (null); undefined when present but malformed. */
function optional<T>(v: Json | null, parse: (v: Json | null) => T | undefined): T | null | undefined {
  return v === null ? null : parse(v);
}

/**
 * The typed change of one step with `before` = `live` (null: absent), or a message when a document is
 * not of the shape its action needs (an audit entry from another version, or a hand-edited row).
 */
export function rollbackChange(step: RollbackStep, live: Json | null, dependsOn: ChangeId[]): Change | string {
  const base = {
    id: step.changeId,
    account: step.account,
    accountId: step.accountId,
    region: step.region,
    target: step.target,
    dependsOn,
    exactBefore: true,
    description: step.description,
  };
  const bad = `The recorded documents of "${step.description}" are not a ${NOUN[step.action]} document; restore it by hand.`;
  const kind = (before: Json | null, after: Json | null): Change["kind"] =>
    before === null ? (after === null ? "no-op" : "create") : after === null ? "delete" : equivalent(before, after) ? "no-op" : "update";
  switch (step.action) {
    case "PutBucketPolicy":
    case "PutKeyPolicy": {
      const after = asPolicy(step.restore);
      const before = optional(live, asPolicy);
      if (!after || before === undefined) return bad;
      return { ...base, action: step.action, before, after, kind: kind(before, after) };
    }
    case "PutBucketReplication": {
      const after = asReplication(step.restore);
      const before = optional(live, asReplication);
      if (!after || before === undefined) return bad;
      return { ...base, action: step.action, before, after, kind: kind(before, after) };
    }
    case "UpdateAssumeRolePolicy": {
      const after = asTrust(step.restore);
      const before = optional(live, asTrust);
      if (!after || before === undefined) return bad;
      return { ...base, action: step.action, before, after, kind: kind(before, after) };
    }
    case "PutRolePolicy": {
      const after = asInline(step.restore);
      const before = optional(live, asInline);
      if (!after || before === undefined) return bad;
      return { ...base, action: step.action, before, after, kind: kind(before, after) };
    }
    case "DeleteBucketPolicy": {
      const before = optional(live, asPolicy);
      if (before === undefined) return bad;
      return { ...base, action: step.action, before, after: null, kind: kind(before, null) };
    }
    case "DeleteBucketReplication": {
      const before = optional(live, asReplication);
      if (before === undefined) return bad;
      return { ...base, action: step.action, before, after: null, kind: kind(before, null) };
    }
    case "DeleteRolePolicy": {
      const before = optional(live, asInline);
      if (before === undefined) return bad;
      return {
        ...base,
        target: step.names?.roleName ?? step.target,
        action: step.action,
        policyName: step.names?.policyName ?? "",
        before,
        after: null,
        kind: kind(before, null),
      };
    }
    case "DeleteRole": {
      const before = optional(live, asAttachments);
      if (before === undefined) return bad;
      return { ...base, target: step.names?.roleName ?? step.target, action: step.action, before, after: null, kind: kind(before, null) };
    }
    case "PutBucketVersioning":
    case "PutObjectLockConfiguration":
    case "CreateRole":
      return `No rollback is known for ${step.action} ("${step.description}").`;
    default:
      return unhandled(step.action);
  }
}

/** Each step as a change against nothing live: what the live reads of the planner need (targets, names). */
export function rollbackSkeletons(steps: RollbackStep[]): (Change | string)[] {
  return steps.map((s) => rollbackChange(s, null, []));
}

/** Whether `step` may run against `live`; the message says why not. */
function verdict(step: RollbackStep, change: Change, deletedBefore: string[]): string | undefined {
  if (change.action === "DeleteRole") {
    const live = change.before;
    if (live === null) return undefined;
    const foreign = live.InlinePolicies.filter((p) => !deletedBefore.includes(p));
    if (foreign.length > 0 || live.AttachedPolicies.length > 0) {
      return `Role ${change.target} now has policies Lockbridge did not write (${[...foreign, ...live.AttachedPolicies].join(", ")}): someone else uses it, so it is not deleted.`;
    }
    return undefined;
  }
  if (change.kind === "no-op" || equivalent(change.before, step.expectedCurrent)) return undefined;
  return `The ${describeStepTarget(step)} changed since Lockbridge wrote it (${change.before === null ? "it is gone" : "the live document differs from what Lockbridge wrote"}). Restoring the old document would overwrite someone else's change; reconcile it by hand.`;
}

const readProblem = (r: Read<Json | null>, step: RollbackStep): string | undefined => {
  if (r.status === "unknown") return `No access to the ${step.account} account: this step cannot be checked or applied from here.`;
  if (r.status === "error") return `Could not read the live ${describeStepTarget(step)}: ${r.code}: ${r.message}`;
  return undefined;
};

/**
 * The rollback plan of `original` (a saved plan id and its plan) from its description and the live
 * document of every step (`live[i]` for `d.steps[i]`). Pure: the server reads, this decides.
 */
export function buildRollbackPlan(
  original: { id: string; plan: Plan },
  d: RollbackDescription,
  live: Read<Json | null>[],
  checkedAt: string,
): RollbackPlan {
  const errors: PlanProblem[] = [];
  const changes: Change[] = [];
  const observedHashes: Record<string, string> = { "rollback.of": sha256Hex(original.id) };
  d.steps.forEach((step, i) => {
    const read = live[i] ?? { status: "unknown" };
    observedHashes[`rollback.${step.changeId}`] = sha256Hex(canonicalJson(read));
    const path = `rollback.${step.changeId}`;
    const problem = readProblem(read, step);
    if (problem) return void errors.push({ path, message: problem });
    const value = read.status === "found" ? read.value : null;
    const c = rollbackChange(
      step,
      value,
      changes.map((x) => x.id),
    );
    if (typeof c === "string") return void errors.push({ path, message: c });
    const deleted = d.steps
      .slice(0, i)
      .flatMap((s) => (s.action === "DeleteRolePolicy" && s.names?.policyName ? [s.names.policyName] : []));
    const refusal = verdict(step, c, deleted);
    if (refusal) errors.push({ path, message: refusal });
    if (c.kind === "no-op") c.description = `${step.description} Already as it was before: nothing to send.`;
    changes.push(c);
  });
  if (d.steps.length === 0)
    errors.push({ path: "rollback", message: "Nothing to roll back: no reversible change of this plan was written." });
  const { batch: _batch, scope: _scope, ...base } = original.plan;
  return {
    ...base,
    changes,
    documents: planDocuments(changes),
    errors,
    warnings: d.warnings.map((message) => ({ message })),
    applyable: errors.length === 0,
    observedHashes,
    fingerprint: planFingerprint(changes, observedHashes),
    rollback: { ...d, of: original.id, checkedAt },
  };
}
