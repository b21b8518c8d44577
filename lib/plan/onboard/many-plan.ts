// A plan of several sources as ONE saved plan: the ManySourcesPlan (many.ts) flattened into the Plan shape
// that review, approval, the run registry and the audit log already know. Every change id is scoped by
// what it writes ("<account>/<bucket>:source.role", "vault:destination.bucketPolicy"), so ids are unique
// within the plan and progress, resume and audit rows name the source. The changes are stored in apply
// order: every source's role, inline policy and versioning, then the vault once (versioning, Object Lock,
// key policy, bucket policy: the policies may only name roles that exist), then every source's rule.
// Pure, like the rest of lib/plan.
import type { WizardInput } from "../../schema/wizard";
import { canonicalJson, isObject } from "../canonical";
import { planDocuments } from "../documents";
import { normalize } from "../normalize";
import { stepOf } from "../order";
import type { Change, ChangeId, Json, Plan, PlanDocument } from "../types";
import { type ManySourcesPlan, WRITTEN } from "./many";

export const VAULT_SCOPE = "vault";

export type ManyGroup = {
  /** The scope of this group's change ids: "<account>/<bucket>" of a source, or "vault". */
  scope: string;
  accountId: string;
  bucket: string;
  /** The replication role of a source (empty for the vault). */
  roleArn: string;
};

export type ManySection = {
  /** The inputs as the plan used them (with the shared role name when `sharedRole`): re-planning starts here. */
  inputs: WizardInput[];
  sharedRole: boolean;
  vault: ManyGroup;
  sources: ManyGroup[];
};

export type ManyPlan = Plan & { many: ManySection };

export const isManyPlan = (p: Plan): p is ManyPlan => "many" in p && isObject((p as { many?: unknown }).many);

export const sourceScope = (input: WizardInput) => `${input.accounts.source.accountId}/${input.accounts.source.bucket}`;

export const scoped = (scope: string, id: ChangeId): ChangeId => `${scope}:${stepOf(id)}`;

/** The scope of a change id ("vault", "<account>/<bucket>"), or "" for a one-source id. */
export const scopeOf = (id: ChangeId): string => (id.includes(":") ? id.slice(0, id.lastIndexOf(":")) : "");

function rescope(c: Change, scope: string, extraDeps: ChangeId[] = []): Change {
  return { ...c, id: scoped(scope, c.id), dependsOn: [...c.dependsOn.map((d) => scoped(scope, d)), ...extraDeps] };
}

/** The saved-plan form of `many` (built from `inputs`, with or without one role per account). */
export function toManyPlan(many: ManySourcesPlan, sharedRole: boolean): ManyPlan {
  const first = many.sources[0];
  const d = (first?.input ?? null)?.accounts.destination;
  const vault: ManyGroup = { scope: VAULT_SCOPE, accountId: d?.accountId ?? "", bucket: d?.bucket ?? "", roleArn: "" };
  const groups = many.sources.map((s): ManyGroup => ({
    scope: sourceScope(s.input),
    accountId: s.input.accounts.source.accountId,
    bucket: s.input.accounts.source.bucket,
    roleArn: s.names.roleArn,
  }));
  const isRule = (c: Change) => stepOf(c.id) === "source.replication";
  const early = many.sources.flatMap((s, i) => s.changes.filter((c) => !isRule(c)).map((c) => rescope(c, groups[i]!.scope)));
  // The vault's policies name every source role: they wait for the roles (IAM rejects unknown principals).
  const roleIds = early.filter((c) => stepOf(c.id) === "source.role").map((c) => c.id);
  const vaultChanges = many.vault.map((c) =>
    rescope(c, VAULT_SCOPE, stepOf(c.id) === "destination.bucketPolicy" || stepOf(c.id) === "destination.keyPolicy" ? roleIds : []),
  );
  const vaultIds = vaultChanges.map((c) => c.id);
  const rules = many.sources.flatMap((s, i) => s.changes.filter(isRule).map((c) => rescope(c, groups[i]!.scope, vaultIds)));
  const changes = [...early, ...vaultChanges, ...rules];
  const documents: PlanDocument[] = planDocuments(changes);
  const input = first?.input;
  return {
    version: 1,
    // The first source stands for the plan where one input is expected (the store's summary row).
    input: input as WizardInput,
    names: first?.names ?? {
      sourceBucketArn: "",
      destinationBucketArn: "",
      roleName: "",
      rolePath: "",
      roleArn: "",
      rolePolicyName: "",
      ruleId: "",
    },
    changes,
    errors: many.errors,
    warnings: many.warnings,
    applyable: many.applyable,
    fingerprint: many.fingerprint,
    observedHashes: many.observedHashes,
    documents,
    many: { inputs: many.sources.map((s) => s.input), sharedRole, vault, sources: groups },
  };
}

/** One group's part of the plan (its changes and documents), for showing it on its own. */
export function groupPlan(plan: ManyPlan, scope: string): Plan {
  const changes = plan.changes.filter((c) => scopeOf(c.id) === scope);
  const ids = new Set(changes.map((c) => c.id));
  return { ...plan, changes, documents: plan.documents.filter((d) => ids.has(d.changeId)), errors: [], warnings: [] };
}

/** The vault's observed items each vault change writes to (a resume may find them changed). */
const VAULT_WRITES: Partial<Record<string, string[]>> = {
  "destination.versioning": ["destination.versioning"],
  // S3 turns versioning on with Object Lock.
  "destination.objectLock": ["destination.objectLock", "destination.versioning"],
  "destination.keyPolicy": ["destinationKey.policy"],
  "destination.bucketPolicy": ["destination.policy"],
};

function itemWords(scope: string, item: string): string {
  if (scope === VAULT_SCOPE) {
    const [side, what] = item.split(".");
    return side === "destinationKey" ? `vault's KMS key${what ? ` ${what}` : ""}` : `vault bucket's ${what ?? "state"}`;
  }
  return item === WRITTEN ? `versioning, rules or role of source ${scope}` : `bucket settings or key of source ${scope}`;
}

const same = (a: unknown, b: unknown) => canonicalJson(normalize(a as Json) ?? null) === canonicalJson(normalize(b as Json) ?? null);

const what = (c: Change) => `${c.description} (${c.id})`;

/** Why the plan built now is not the approved one, change by change, in words. */
export function manyDrift(approved: Plan, now: Plan): string[] {
  const out: string[] = [];
  const ids = new Set<ChangeId>([...approved.changes.map((c) => c.id), ...now.changes.map((c) => c.id)]);
  for (const id of ids) {
    const then = approved.changes.find((c) => c.id === id);
    const next = now.changes.find((c) => c.id === id);
    if (!then) out.push(`A new change is needed: ${what(next!)}.`);
    else if (!next) out.push(`${what(then)} is no longer part of the plan.`);
    else if (!same(then.before, next.before)) out.push(`The live document behind "${then.description}" changed since approval (${id}).`);
    else if (!same(then.after, next.after)) out.push(`${what(then)} would now write something else.`);
  }
  if (out.length === 0 && approved.fingerprint !== now.fingerprint)
    out.push("A bucket, role or key the plan was built from reads differently now.");
  return out;
}

/**
 * Whether a failed run of the approved plan may continue with the plan built now: what the earlier run
 * wrote must now be in place (no-op), a write it sent that may or may not have landed must still write
 * exactly the approved document, and everything it did not touch must be exactly as approved (same live
 * document, same write). Returns the reasons to refuse; empty means resume.
 */
export function manyResumeProblems(approved: Plan, now: Plan, written: ReadonlySet<ChangeId>, touched: ReadonlySet<ChangeId>): string[] {
  const out: string[] = [];
  // Live items the plan was built from: one that changed must be one our earlier run wrote to. Anything
  // else (Requester Pays turned on, a key disabled, a bucket's ownership) is someone else's change, and
  // the approval does not cover it.
  const sent = [...touched];
  const roleWrites = (account: string) =>
    sent.some((id) => scopeOf(id).startsWith(`${account}/`) && ["source.role", "source.rolePolicy"].includes(stepOf(id)));
  const keys = new Set([...Object.keys(approved.observedHashes), ...Object.keys(now.observedHashes)]);
  for (const key of [...keys].sort()) {
    if (approved.observedHashes[key] === now.observedHashes[key]) continue;
    const scope = key.slice(0, key.lastIndexOf(":"));
    const item = key.slice(key.lastIndexOf(":") + 1);
    const ok =
      scope === VAULT_SCOPE
        ? sent.some((id) => scopeOf(id) === VAULT_SCOPE && (VAULT_WRITES[stepOf(id)] ?? []).includes(item))
        : item === WRITTEN && (sent.some((id) => scopeOf(id) === scope) || roleWrites(scope.split("/")[0]!));
    if (!ok) out.push(`The ${itemWords(scope, item)} changed since approval, and Lockbridge did not write it.`);
  }
  const ids = new Set<ChangeId>([...approved.changes.map((c) => c.id), ...now.changes.map((c) => c.id)]);
  for (const id of ids) {
    const then = approved.changes.find((c) => c.id === id);
    const next = now.changes.find((c) => c.id === id);
    if (!then || !next) {
      out.push(then ? `${what(then)} is no longer part of the plan.` : `A new change is needed: ${what(next!)}.`);
    } else if (written.has(id)) {
      if (next.kind !== "no-op") out.push(`${what(then)} was written by the earlier run, and has changed since.`);
    } else if (touched.has(id)) {
      if (next.kind !== "no-op" && !same(then.after, next.after)) out.push(`${what(then)} would now write something else.`);
    } else if (!same(then.before, next.before) || !same(then.after, next.after)) {
      out.push(`The live document behind "${then.description}" changed, and Lockbridge did not write it (${id}).`);
    }
  }
  return out;
}
