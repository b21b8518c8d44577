// A vault's view of its sources, pure: which source roles Lockbridge's own statements in the vault's
// bucket and key policies name, how many more sources those policies can hold, and what a re-plan of a
// source's saved input says about drift.
import { isObject, statementsOf } from "./canonical";
import { awsPrincipals } from "./merge";
import { OWNED_SIDS } from "./names";
import type { Plan, PolicyDocument } from "./types";
import { LIMITS, utf8Bytes } from "./validate";

/** Source roles named by Lockbridge's statements (by Sid) in a vault policy; foreign statements are ignored. */
export function ownedPrincipals(doc: PolicyDocument | null, owned: readonly string[]): string[] {
  const out: string[] = [];
  for (const st of statementsOf(doc)) {
    if (!isObject(st) || typeof st.Sid !== "string" || !owned.includes(st.Sid)) continue;
    for (const p of awsPrincipals(st)) if (!out.includes(p)) out.push(p);
  }
  return out;
}

export const bucketPolicyPrincipals = (doc: PolicyDocument | null) => ownedPrincipals(doc, OWNED_SIDS.bucketPolicy);
export const keyPolicyPrincipals = (doc: PolicyDocument | null) => ownedPrincipals(doc, OWNED_SIDS.keyPolicy);

export type Room = { bytes: number; limit: number; perSource: number; more: number };

/**
 * How many more sources fit: each new source adds its role ARN to the principal list of an existing
 * consolidated statement (a quoted string and a comma). With no statement yet, the first source also adds
 * the statement itself (`firstStatementBytes`). `sampleRoleArn` sizes a typical new role.
 */
export function room(doc: PolicyDocument | null, limit: number, sampleRoleArn: string, firstStatementBytes: number): Room {
  const bytes = doc ? utf8Bytes(doc) : 0;
  const perSource = new TextEncoder().encode(JSON.stringify(sampleRoleArn)).length + 1;
  const hasOurs = statementsOf(doc).some(
    (st) =>
      isObject(st) &&
      typeof st.Sid === "string" &&
      (OWNED_SIDS.bucketPolicy as readonly string[]).concat(OWNED_SIDS.keyPolicy).includes(st.Sid),
  );
  const free = limit - bytes - (hasOurs ? 0 : firstStatementBytes);
  return { bytes, limit, perSource, more: Math.max(0, Math.floor(free / perSource) + (hasOurs ? 0 : 1)) };
}

export const bucketPolicyRoom = (doc: PolicyDocument | null, sample: string) => room(doc, LIMITS.bucketPolicyBytes, sample, 420);
export const keyPolicyRoom = (doc: PolicyDocument | null, sample: string) => room(doc, LIMITS.keyPolicyBytes, sample, 200);

export type Drift = { state: "in-sync" } | { state: "drifted"; changes: string[] } | { state: "unknown"; why: string };

/**
 * Drift of an applied source: re-planned against live state, an applied plan has only no-ops. Anything
 * else names the document that changed (the re-plan would write it again).
 */
export function driftOf(replanned: Plan): Drift {
  const unknown = replanned.changes.filter((c) => c.stateUnknown);
  if (unknown.length > 0) return { state: "unknown", why: "Some documents could not be read (plan-only or access denied)." };
  const changed = replanned.changes.filter((c) => c.kind !== "no-op");
  if (changed.length === 0 && replanned.errors.length === 0) return { state: "in-sync" };
  const labels = changed.map((c) => `${documentLabel(c.action)} of ${c.target}`);
  return { state: "drifted", changes: [...labels, ...replanned.errors.map((e) => e.message)] };
}

function documentLabel(action: string): string {
  switch (action) {
    case "PutBucketReplication":
      return "replication configuration";
    case "PutBucketPolicy":
      return "bucket policy";
    case "PutKeyPolicy":
      return "key policy";
    case "PutRolePolicy":
      return "replication role policy";
    case "CreateRole":
      return "replication role (missing)";
    case "UpdateAssumeRolePolicy":
      return "replication role trust policy";
    case "PutObjectLockConfiguration":
      return "Object Lock configuration";
    case "PutBucketVersioning":
      return "versioning";
    default:
      return action;
  }
}

/** The rule a source plan owns, as live: "Enabled", "Disabled" or "missing". */
export function ruleState(replanned: Plan): "Enabled" | "Disabled" | "missing" | "unknown" {
  const change = replanned.changes.find((c) => c.action === "PutBucketReplication");
  if (!change || change.stateUnknown) return "unknown";
  const before = change.before;
  const rules = isObject(before) && Array.isArray(before.Rules) ? before.Rules : [];
  const ours = rules.find((r) => isObject(r) && r.ID === replanned.names.ruleId);
  if (!isObject(ours)) return "missing";
  return ours.Status === "Enabled" ? "Enabled" : "Disabled";
}
