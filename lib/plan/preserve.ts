// Last-moment guard for apply: right before a write, compare the freshly read live document with the
// document about to be sent. Every foreign statement or rule must be present, content-equal.
import { canonicalJson, isObject, statementsOf } from "./canonical";
import type { ChangeAction, Json } from "./types";

/**
 * Problems (empty when everything foreign survives). `ownedIds` are the Sids (or, for
 * PutBucketReplication, the rule ID) Lockbridge owns; see Change.ownedIds.
 */
export function foreignContentPreserved(before: Json | null, after: Json | null, action: ChangeAction, ownedIds: readonly string[]): string[] {
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
  const problems: string[] = [];
  pick(before).forEach((item, i) => {
    const id = idOf(item);
    if (id !== undefined && ownedIds.includes(id)) return;
    if (!afterSet.has(canonicalJson(item))) {
      problems.push(`${action === "PutBucketReplication" ? "Rule" : "Statement"} ${id ?? `#${i}`} would be removed or altered.`);
    }
  });
  return problems;
}
