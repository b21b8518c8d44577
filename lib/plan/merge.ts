/*
 * Merge rules (docs/architecture.md, habit 4). Every write below REPLACES a whole document in AWS, so we read the
 * live one, merge, and write it back:
 *
 * 1. Ownership is decided by identifier AND shape. A policy statement is ours only when its Sid is one of
 *    the exact Sids Lockbridge writes for that document (names.ts OWNED_SIDS, all prefixed "Lockbridge")
 *    AND it has the shape Lockbridge writes: Effect Allow; no NotPrincipal, NotAction or NotResource; no
 *    Condition (except the kms:ViaService one on the role's own KMS statements); a Principal, if any, with one key only, either "AWS" listing role ARNs (or the unique
 *    IDs AWS shows for deleted ones, rule 7) or "Service" listing AWS service principals. A statement
 *    with our Sid and any other shape (a Deny, a Condition added by hand, "AWS": "*", an account root)
 *    is a look-alike: it is kept untouched like any foreign statement and reported as a plan error
 *    naming it, because re-rendering it would turn a Deny into an Allow or widen a principal.
 *    A replication rule is ours when its ID equals the wizard's rule ID AND it targets our destination
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
 *    with our ID or priority, legacy V1 rules, look-alike statements (rule 1). They become plan errors
 *    with the fix in the message.
 * 7. Orphaned principals: when a role or user is deleted, S3 and KMS show its unique ID (AROA…, AIDA…)
 *    in place of its ARN. In our statements such IDs grant nothing, and S3 and KMS reject a policy
 *    written with them ("Invalid principal in policy"), so they are dropped, with a warning naming them.
 *    In foreign statements they are kept (not ours to change); validation reports them.
 */
import { isObject, statementsOf, stringList } from "./canonical";
import { equivalent } from "./normalize";
import type { Json, JsonObject, PlanProblem, PolicyDocument, ReplicationConfiguration } from "./types";
import { POLICY_VERSION } from "./render/policies";
import { BATCH_SIDS } from "./batch";
import { OWNED_SIDS, SIDS } from "./names";

const sidOf = (st: Json): string | undefined => (isObject(st) && typeof st.Sid === "string" ? st.Sid : undefined);

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
const SERVICE = /^[a-z0-9.-]+\.amazonaws\.com$/;
/** The unique ID AWS shows in a policy after the role (AROA…) or user (AIDA…) it named was deleted. */
export const UNIQUE_ID = /^A(?:ROA|IDA)[A-Z0-9]{12,}$/;

function viaServiceOnly(c: Json): boolean {
  if (!isObject(c) || Object.keys(c).join() !== "StringEquals" || !isObject(c.StringEquals)) return false;
  const keys = Object.keys(c.StringEquals);
  return keys.length === 1 && keys[0] === "kms:ViaService" && typeof c.StringEquals["kms:ViaService"] === "string";
}

/**
 * The confused-deputy Condition Lockbridge writes on the replication role's trust statement (see
 * trustStatement in render/policies.ts): S3 may assume the role only for our source account and bucket.
 * It only narrows who may assume the role, so a statement carrying it is still in our shape.
 */
function sourceGuardOnly(c: Json): boolean {
  if (!isObject(c) || Object.keys(c).sort().join() !== "ArnLikeIfExists,StringEqualsIfExists") return false;
  const arn = c.ArnLikeIfExists;
  const account = c.StringEqualsIfExists;
  return (
    isObject(arn) &&
    isObject(account) &&
    Object.keys(arn).join() === "aws:SourceArn" &&
    Object.keys(account).join() === "aws:SourceAccount" &&
    typeof arn["aws:SourceArn"] === "string" &&
    typeof account["aws:SourceAccount"] === "string"
  );
}

const s3Service = (p: Json | undefined) => isObject(p) && Object.keys(p).join() === "Service" && p.Service === "s3.amazonaws.com";

const TRUST_SERVICE = new Map<string, string>([
  [SIDS.trust, "s3.amazonaws.com"],
  [BATCH_SIDS.trust, "batchoperations.s3.amazonaws.com"],
]);
const RESOURCE_POLICY_SIDS = new Set<string>([...OWNED_SIDS.bucketPolicy, ...OWNED_SIDS.keyPolicy]);
const IDENTITY_SIDS = new Set<string>([...OWNED_SIDS.rolePolicy, ...Object.values(BATCH_SIDS).filter((x) => x !== BATCH_SIDS.trust)]);

/** Why a statement carrying one of our Sids is not one Lockbridge writes; undefined when it is ours. */
export function notOurShape(st: Json): string | undefined {
  if (!isObject(st)) return "it is not an object";
  if (st.Effect !== "Allow") return `its Effect is ${JSON.stringify(st.Effect ?? null)}, not Allow`;
  for (const k of ["NotPrincipal", "NotAction", "NotResource"]) if (st[k] !== undefined) return `it has ${k}`;
  // The one Condition Lockbridge writes: kms:ViaService on the replication role's own KMS statements.
  const ourCondition =
    (st.Principal === undefined && viaServiceOnly(st.Condition!)) || (s3Service(st.Principal) && sourceGuardOnly(st.Condition!));
  if (st.Condition !== undefined && !ourCondition) return "it has a Condition";
  // Each of our Sids lives in one kind of document, with one kind of principal: a trust statement names
  // one service, a bucket or key policy statement names roles, an inline policy statement names none.
  // A statement with our Sid and another kind of principal was written by someone else.
  const sid = sidOf(st);
  const service = sid === undefined ? undefined : TRUST_SERVICE.get(sid);
  const expects =
    sid === undefined
      ? undefined
      : service
        ? "Service"
        : RESOURCE_POLICY_SIDS.has(sid)
          ? "AWS"
          : IDENTITY_SIDS.has(sid)
            ? "none"
            : undefined;
  if (expects === "none" && st.Principal !== undefined) return "it has a Principal (Lockbridge writes none in this policy)";
  if ((expects === "AWS" || expects === "Service") && st.Principal === undefined) return "it has no Principal";
  if (st.Principal === undefined) return undefined;
  if (!isObject(st.Principal)) return `its principal is ${JSON.stringify(st.Principal)}`;
  if (expects === "AWS" && st.Principal.AWS === undefined) return `its principal is not a role (Lockbridge writes roles here)`;
  if (service !== undefined) {
    const raw = st.Principal.Service;
    const list = stringList(raw);
    const all = typeof raw === "string" || (Array.isArray(raw) && raw.length === list.length);
    if (Object.keys(st.Principal).join() !== "Service" || !all || list.length === 0 || list.some((v) => v !== service))
      return `its principal is not the service ${service}`;
  }
  const keys = Object.keys(st.Principal);
  if (keys.length !== 1) return `its principal has ${keys.join(" and ")}`;
  const key = keys[0]!;
  const values = st.Principal[key];
  const list = typeof values === "string" ? [values] : Array.isArray(values) ? values : [];
  if (list.length === 0) return "its principal list is empty";
  const ok =
    key === "AWS"
      ? (v: Json) => typeof v === "string" && (ROLE_ARN.test(v) || UNIQUE_ID.test(v))
      : key === "Service"
        ? (v: Json) => typeof v === "string" && SERVICE.test(v)
        : () => false;
  const bad = list.filter((v) => !ok(v));
  if (bad.length > 0)
    return `its principal ${JSON.stringify({ [key]: bad.length === 1 ? bad[0]! : bad })} is not ${key === "AWS" ? "a role ARN" : "an AWS service"}`;
  return undefined;
}

/** A statement is ours when it has one of our Sids AND our shape (rule 1). */
export function isOurStatement(st: Json, owned: readonly string[]): boolean {
  const sid = sidOf(st);
  return sid !== undefined && owned.includes(sid) && notOurShape(st) === undefined;
}

/** Statements that use one of our Sids without our shape, each with the reason (rule 1). */
export function lookalikeStatements(doc: Json | null, owned: readonly string[]): { sid: string; why: string }[] {
  return statementsOf(doc).flatMap((st) => {
    const sid = sidOf(st);
    const why = sid !== undefined && owned.includes(sid) ? notOurShape(st) : undefined;
    return sid !== undefined && why ? [{ sid, why }] : [];
  });
}

/** Plan errors for look-alike statements in `doc` (the `what`, e.g. "the bucket policy of vault"). */
export function lookalikeProblems(doc: Json | null, owned: readonly string[], path: string, what: string): PlanProblem[] {
  return lookalikeStatements(doc, owned).map(({ sid, why }) => ({
    path,
    message: `Statement "${sid}" in ${what} uses a Sid Lockbridge writes, but ${why}, so it is not a statement Lockbridge wrote. Lockbridge never rewrites it (that could turn a Deny into an Allow or widen a principal). Give it another Sid, or remove it if it is stale, then plan again.`,
  }));
}

/** Orphaned principals (rule 7) in our statements of `doc`. */
export function orphanedPrincipals(doc: Json | null, owned: readonly string[]): string[] {
  const out = new Set<string>();
  for (const st of statementsOf(doc)) if (isOurStatement(st, owned)) for (const p of awsPrincipals(st)) if (UNIQUE_ID.test(p)) out.add(p);
  return [...out];
}

/** Identifiers of foreign statements ("#i" for a statement without Sid), for apply's last-moment check. */
export function foreignStatementIds(doc: Json | null, owned: readonly string[]): string[] {
  return statementsOf(doc).flatMap((st, i) => {
    const sid = sidOf(st);
    if (sid !== undefined && isOurStatement(st, owned)) return [];
    return [sid ?? `#${i}`];
  });
}

/** Replace our statements (Sid and shape) with `ours`, keep every other statement object untouched. */
export function mergeOwnedStatements(live: PolicyDocument | null, owned: readonly string[], ours: JsonObject[]): PolicyDocument {
  const out: Json[] = [];
  let inserted = false;
  for (const st of statementsOf(live)) {
    if (isOurStatement(st, owned)) {
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
 * present in our statements stays where it is, except orphaned unique IDs (rule 7).
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
    const list = sid === undefined || !isOurStatement(st, opts.owned) ? undefined : sets.get(sid);
    if (!list) continue;
    for (const p of awsPrincipals(st)) if (p !== opts.principal && !list.includes(p) && !UNIQUE_ID.test(p)) list.push(p);
  }
  sets.get(opts.sid)?.push(opts.principal);
  const ours = opts.owned.flatMap((sid) => {
    const principals = sets.get(sid) ?? [];
    return principals.length > 0 ? [opts.render(sid, principals)] : [];
  });
  return mergeOwnedStatements(opts.live ?? opts.base, opts.owned, ours);
}

export type ReplicationMerge = { config: ReplicationConfiguration; foreignIds: string[]; problems: PlanProblem[] };

/** Rule IDs Lockbridge derives itself start with this (see the rule step's default). */
const OUR_RULE_ID = /^lockbridge/i;

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
      // A rule ID the person typed can be anyone's. Lockbridge names its own rules lockbridge-…; a rule
      // under another ID that is not already exactly ours may have been written by someone else, and
      // replacing it would throw their rule away, so the person chooses another ID instead.
      if (!OUR_RULE_ID.test(String(rule.ID)) && !equivalent(r, rule)) {
        problems.push({
          path: "rule.ruleId",
          message: `A rule with ID "${String(rule.ID)}" already replicates to ${String(destBucket)}, and Lockbridge cannot tell whether it wrote it (the rules it names itself start with "lockbridge"). Choose another rule ID; the existing rule is kept as it is.`,
        });
        rules.push(r);
        foreign.push(r);
        replaced = true;
        continue;
      }
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
    if (r.ID === rule.ID && destinationBucketOf(r) !== destBucket) {
      problems.push({
        path: "rule.ruleId",
        message: `Rule ID "${String(rule.ID)}" is already used by another rule (to ${String(destinationBucketOf(r))}). Choose another rule ID.`,
      });
    }
  }
  if (typeof rule.Priority === "number" && used.has(rule.Priority)) {
    let next = rule.Priority;
    while (used.has(next)) next++;
    problems.push({
      path: "rule.priority",
      message: `Priority ${rule.Priority} is already used by another rule. The next free priority is ${next}.`,
    });
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
