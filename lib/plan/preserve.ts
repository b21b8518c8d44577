// Last-moment guard for apply: right before a write, compare the freshly read live document with the
// document about to be sent. Every foreign statement or rule must be present, content-equal.
import { canonicalJson, isObject, statementsOf } from "./canonical";
import { unhandled } from "./exhaustive";
import { awsPrincipals, isOurStatement } from "./merge";
import { equivalent } from "./normalize";
import type { Change, ChangeAction, Json, RoleAttachments } from "./types";

/**
 * Problems (empty when everything foreign survives). `ownedIds` are the Sids (or, for
 * PutBucketReplication, the rule ID) Lockbridge owns; see Change.ownedIds.
 */
export function foreignContentPreserved(
  before: Json | null,
  after: Json | null,
  action: ChangeAction,
  ownedIds: readonly string[],
): string[] {
  if (before === null) return [];
  const pick = (doc: Json | null): Json[] => {
    if (action === "PutBucketReplication") return isObject(doc) && Array.isArray(doc.Rules) ? doc.Rules : [];
    if (action === "PutRolePolicy" || action === "UpdateAssumeRolePolicy") {
      const inner = isObject(doc) ? doc.PolicyDocument : null;
      return statementsOf(inner ?? null);
    }
    return statementsOf(doc);
  };
  const idOf = (item: Json): string | undefined => {
    if (!isObject(item)) return undefined;
    const id = action === "PutBucketReplication" ? item.ID : item.Sid;
    return typeof id === "string" ? id : undefined;
  };
  const afterSet = new Set(pick(after).map((x) => canonicalJson(x)));
  // Our rule goes to one bucket: a rule with our ID to another bucket is someone else's (as in the merge).
  const destinationOf = (item: Json | undefined) => (isObject(item) && isObject(item.Destination) ? item.Destination.Bucket : undefined);
  const ourDestinations = new Set(
    pick(after)
      .filter((x) => {
        const id = idOf(x);
        return id !== undefined && ownedIds.includes(id);
      })
      .map(destinationOf),
  );
  const problems: string[] = [];
  pick(before).forEach((item, i) => {
    const id = idOf(item);
    // Ours: our rule ID to our destination, or our Sid AND our shape (a look-alike is foreign and must survive).
    const ours =
      id !== undefined &&
      ownedIds.includes(id) &&
      (action === "PutBucketReplication" ? ourDestinations.has(destinationOf(item)) : isOurStatement(item, ownedIds));
    if (ours) return;
    if (!afterSet.has(canonicalJson(item))) {
      problems.push(`${action === "PutBucketReplication" ? "Rule" : "Statement"} ${id ?? `#${i}`} would be removed or altered.`);
    }
  });
  return problems;
}

/**
 * Shared vaults: principals live in our statements NOW (another source's apply may have added one after
 * this plan was built) must still be in our statements of `after`, unless the plan removes them on
 * purpose (`dropped`: orphaned unique IDs it reported).
 */
export function ourPrincipalsKept(
  live: Json | null,
  after: Json | null,
  owned: readonly string[],
  dropped: readonly string[] = [],
): string[] {
  const principals = (doc: Json | null) =>
    new Set(
      statementsOf(doc)
        .filter((st) => isOurStatement(st, owned))
        .flatMap(awsPrincipals),
    );
  const kept = principals(after);
  const lost = [...principals(live)].filter((p) => !kept.has(p) && !dropped.includes(p));
  return lost.length > 0
    ? [
        `Principal(s) ${lost.join(", ")} in Lockbridge's statement would be removed: another apply into the same vault (or someone else) added them after this plan was built.`,
      ]
    : [];
}

const NOUN: Record<ChangeAction, string> = {
  PutBucketVersioning: "versioning configuration",
  PutObjectLockConfiguration: "Object Lock configuration",
  CreateRole: "role",
  UpdateAssumeRolePolicy: "trust policy",
  PutRolePolicy: "inline policy",
  PutKeyPolicy: "key policy",
  PutBucketPolicy: "bucket policy",
  PutBucketReplication: "replication configuration",
  DeleteBucketPolicy: "bucket policy",
  DeleteBucketReplication: "replication configuration",
  DeleteRolePolicy: "inline policy",
  DeleteRole: "role",
};

function isAttachments(v: Change["before"]): v is RoleAttachments {
  if (!isObject(v)) return false;
  const o: { [k: string]: unknown } = v;
  return Array.isArray(o.InlinePolicies) && Array.isArray(o.AttachedPolicies);
}

/** "bucket policy of vault", "inline policy p of role r", … for messages. */
export function describeDocument(c: Change): string {
  const noun = NOUN[c.action];
  if (c.action === "DeleteRolePolicy") return `${noun} ${c.policyName} of role ${c.target}`;
  if (c.action === "PutRolePolicy") return `${noun} ${c.after?.PolicyName ?? c.before?.PolicyName ?? ""} of role ${c.target}`;
  if (c.action === "UpdateAssumeRolePolicy" || c.action === "CreateRole" || c.action === "DeleteRole") return `${noun} ${c.target}`;
  if (c.action === "PutKeyPolicy") return `${noun} of ${c.target}`;
  return `${noun} of ${c.target}`;
}

/**
 * Whether the guard needs the live document of an action (false: nothing it could lose, so no read).
 * Versioning only ever goes to Enabled; CreateRole fails on its own when the role exists.
 */
const GUARD_READS: Record<ChangeAction, boolean> = {
  PutBucketVersioning: false,
  PutObjectLockConfiguration: true,
  CreateRole: false,
  UpdateAssumeRolePolicy: true,
  PutRolePolicy: true,
  PutKeyPolicy: true,
  PutBucketPolicy: true,
  PutBucketReplication: true,
  DeleteBucketPolicy: true,
  DeleteBucketReplication: true,
  DeleteRolePolicy: true,
  DeleteRole: true,
};

export const guardNeedsLiveDocument = (c: Change) => c.exactBefore === true || GUARD_READS[c.action];

/**
 * The last-moment guard: what is wrong with sending `c` now that `live` is what AWS holds (empty when
 * the write may go). Every write is checked:
 * - exactBefore changes (rollback) write only over exactly the document they were planned against;
 *   DeleteRole only when nothing is left on the role;
 * - whole-document merges (bucket, key, trust and inline policies, replication) keep every foreign
 *   statement or rule that is live now, content-equal; on the shared bucket and key policies, every
 *   principal live in our statements stays unless the plan drops it on purpose;
 * - Object Lock: the live configuration is still the planned `before` (or already the `after`).
 */
export function guardProblems(c: Change, live: Change["before"]): string[] {
  if (c.action === "DeleteRole") {
    const left = isAttachments(live) ? [...live.InlinePolicies, ...live.AttachedPolicies] : [];
    return left.length > 0 ? [`Role ${c.target} still has policies (${left.join(", ")}); it is not deleted.`] : [];
  }
  if (c.exactBefore) {
    if (equivalent(live, c.before)) return [];
    return [
      `The ${describeDocument(c)} changed since this plan was built (${live === null ? "it is gone" : "the live document differs"}); writing would overwrite someone else's change.`,
    ];
  }
  switch (c.action) {
    case "PutBucketPolicy":
    case "PutKeyPolicy":
      return [
        ...foreignContentPreserved(live, c.after, c.action, c.ownedIds ?? []),
        ...ourPrincipalsKept(live, c.after, c.ownedIds ?? [], c.dropsPrincipals),
      ];
    case "PutBucketReplication":
    case "UpdateAssumeRolePolicy":
    case "PutRolePolicy":
      return foreignContentPreserved(live, c.after, c.action, c.ownedIds ?? []);
    case "PutObjectLockConfiguration":
      return equivalent(live, c.before) || equivalent(live, c.after)
        ? []
        : [`The ${describeDocument(c)} changed since this plan was built.`];
    case "PutBucketVersioning":
    case "CreateRole":
    case "DeleteBucketPolicy":
    case "DeleteBucketReplication":
    case "DeleteRolePolicy":
      return [];
    default:
      return unhandled(c);
  }
}
