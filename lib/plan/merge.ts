/*
 * Merge rules (ARCHITECTURE habit 4). Every write below REPLACES a whole document in AWS, so we read the
 * live one, merge, and write it back:
 *
 * 1. Ownership is decided by identifier only. A policy statement is ours when its Sid is one of the exact
 *    Sids Lockbridge writes for that document (names.ts OWNED_SIDS, all prefixed "Lockbridge"). A
 *    replication rule is ours when its ID equals the wizard's rule ID AND it targets our destination
 *    bucket. Everything else is foreign, including Lockbridge-looking Sids we do not know.
 * 2. Foreign statements and rules are copied as the original objects, in their original order: never
 *    normalized, reordered, re-serialized differently, or dropped. Deny statements included. A key
 *    policy's account-root statement is foreign, so it always survives.
 * 3. Our statements are re-rendered from scratch (manual edits to them are not kept) and placed where
 *    the first of our statements was, or appended when there was none. Our rule is replaced in place.
 * 4. Resource policies on a shared destination (bucket policy, key policy) are consolidated: one
 *    statement per permission set whose principal list holds every source role. Adding a role keeps all
 *    principals already there; a role is only moved between our own permission sets (e.g. when owner
 *    override is switched on). Nothing here ever removes another source's principal.
 * 5. Top-level fields other than Statement (Version, Id) are kept; a new document gets Version 2012-10-17.
 * 6. Conflicts are reported, not resolved: another role on the replication configuration, a foreign rule
 *    with our ID or priority, legacy V1 rules. They become plan errors with the fix in the message.
 */
import { isObject, statementsOf, stringList } from "./canonical";
import type { Json, JsonObject, PlanProblem, PolicyDocument, ReplicationConfiguration } from "./types";
import { POLICY_VERSION } from "./render/policies";

const sidOf = (st: Json): string | undefined => (isObject(st) && typeof st.Sid === "string" ? st.Sid : undefined);

/** Identifiers of foreign statements ("#i" for a statement without Sid), for apply's last-moment check. */
export function foreignStatementIds(doc: Json | null, owned: readonly string[]): string[] {
  return statementsOf(doc).flatMap((st, i) => {
    const sid = sidOf(st);
    if (sid !== undefined && owned.includes(sid)) return [];
    return [sid ?? `#${i}`];
  });
}

/** Replace our statements (by Sid) with `ours`, keep every foreign statement object untouched. */
export function mergeOwnedStatements(live: PolicyDocument | null, owned: readonly string[], ours: JsonObject[]): PolicyDocument {
  const out: Json[] = [];
  let inserted = false;
  for (const st of statementsOf(live)) {
    const sid = sidOf(st);
    if (sid !== undefined && owned.includes(sid)) {
      if (!inserted) out.push(...ours);
      inserted = true;
    } else out.push(st);
  }
  if (!inserted) out.push(...ours);
  return live ? { ...live, Statement: out } : { Version: POLICY_VERSION, Statement: out };
}

/** Principal.AWS entries of a statement. */
export function awsPrincipals(st: Json): string[] {
  if (!isObject(st) || !isObject(st.Principal)) return [];
  return stringList(st.Principal.AWS);
}

/**
 * Consolidated merge (rule 4): `principal` goes into the statement `sid`; every other principal already
 * present in our statements stays where it is.
 */
export function mergeConsolidated(opts: {
  live: PolicyDocument | null;
  base: PolicyDocument;
  owned: readonly string[];
  principal: string;
  sid: string;
  render: (sid: string, principals: string[]) => JsonObject;
}): PolicyDocument {
  const sets = new Map<string, string[]>(opts.owned.map((s) => [s, []]));
  for (const st of statementsOf(opts.live)) {
    const sid = sidOf(st);
    const list = sid === undefined ? undefined : sets.get(sid);
    if (!list) continue;
    for (const p of awsPrincipals(st)) if (p !== opts.principal && !list.includes(p)) list.push(p);
  }
  sets.get(opts.sid)?.push(opts.principal);
  const ours = opts.owned.flatMap((sid) => {
    const principals = sets.get(sid) ?? [];
    return principals.length > 0 ? [opts.render(sid, principals)] : [];
  });
  return mergeOwnedStatements(opts.live ?? opts.base, opts.owned, ours);
}

export type ReplicationMerge = { config: ReplicationConfiguration; foreignIds: string[]; problems: PlanProblem[] };

const destinationBucketOf = (rule: Json) => (isObject(rule) && isObject(rule.Destination) ? rule.Destination.Bucket : undefined);

/** Merge our rule into the live replication configuration (rules 1-3 and 6). */
export function mergeReplication(live: ReplicationConfiguration | null, roleArn: string, rule: JsonObject): ReplicationMerge {
  const problems: PlanProblem[] = [];
  const liveRules: Json[] = live && Array.isArray(live.Rules) ? live.Rules : [];
  const destBucket = isObject(rule.Destination) ? rule.Destination.Bucket : undefined;
  const rules: JsonObject[] = [];
  const foreign: JsonObject[] = [];
  let replaced = false;
  for (const r of liveRules) {
    if (!isObject(r)) continue;
    if (r.ID === rule.ID && destinationBucketOf(r) === destBucket && !replaced) {
      rules.push(rule);
      replaced = true;
    } else {
      rules.push(r);
      foreign.push(r);
    }
  }
  if (!replaced) rules.push(rule);

  if (live?.Role && live.Role.toLowerCase() !== roleArn.toLowerCase()) {
    problems.push({
      path: "role",
      message: `The source bucket's replication configuration already uses role ${live.Role}, and a configuration has exactly one role. Extend that role instead: choose "reuse an existing role" with ${live.Role}.`,
    });
  }
  const used = new Set(foreign.map((r) => r.Priority).filter((p): p is number => typeof p === "number"));
  for (const r of foreign) {
    if (r.ID === rule.ID) {
      problems.push({
        path: "rule.ruleId",
        message: `Rule ID "${String(rule.ID)}" is already used by another rule (to ${String(destinationBucketOf(r))}). Choose another rule ID.`,
      });
    }
  }
  if (typeof rule.Priority === "number" && used.has(rule.Priority)) {
    let next = rule.Priority;
    while (used.has(next)) next++;
    problems.push({ path: "rule.priority", message: `Priority ${rule.Priority} is already used by another rule. The next free priority is ${next}.` });
  }
  // S3 refuses a configuration mixing legacy V1 rules (Prefix, no Filter) with V2 rules.
  const v1 = foreign.filter((r) => r.Filter === undefined);
  if (v1.length > 0) {
    problems.push({
      path: "rule",
      message: `Rule(s) ${v1.map((r) => `"${String(r.ID ?? "?")}"`).join(", ")} use the legacy V1 format (Prefix without Filter); S3 does not accept V1 and V2 rules together. Rewrite them with a Filter first.`,
    });
  }
  const foreignIds = foreign.map((r, i) => (typeof r.ID === "string" ? r.ID : `#${i}`));
  return { config: { ...(live ?? {}), Role: roleArn, Rules: rules }, foreignIds, problems };
}
