// "Reuse an existing role: read its policies and add only what is missing". An action is
// covered when an unconditional Allow in another inline or attached policy matches it on every resource.
// Conditional or NotAction/NotResource statements are not trusted to cover (we cannot evaluate them).
import { isObject, statementsOf, stringList } from "./canonical";
import type { JsonObject, PolicyDocument } from "./types";

const globCache = new Map<string, RegExp>();
/** IAM wildcard match: `*` any run, `?` one character. Actions compare case-insensitively. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let re = globCache.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, ignoreCase ? "i" : "");
    if (globCache.size > 5000) globCache.clear();
    globCache.set(key, re);
  }
  return re.test(value);
}

type Grant = { actions: string[]; resources: string[] };

function allowGrants(policies: PolicyDocument[]): Grant[] {
  return policies.flatMap((doc) =>
    statementsOf(doc).flatMap((st) => {
      if (!isObject(st) || st.Effect !== "Allow" || st.Condition !== undefined) return [];
      if (st.NotAction !== undefined || st.NotResource !== undefined) return [];
      return [{ actions: stringList(st.Action), resources: stringList(st.Resource) }];
    }),
  );
}

const covers = (g: Grant, action: string, resource: string) =>
  g.actions.some((a) => globMatch(a, action, true)) && g.resources.some((r) => globMatch(r, resource));

/** `required` statements reduced to the actions no other policy grants; fully covered ones are dropped. */
export function missingStatements(required: JsonObject[], otherPolicies: PolicyDocument[]): JsonObject[] {
  const grants = allowGrants(otherPolicies);
  if (grants.length === 0) return required;
  return required.flatMap((st) => {
    const resources = stringList(st.Resource);
    const missing = stringList(st.Action).filter((a) => !resources.every((r) => grants.some((g) => covers(g, a, r))));
    if (missing.length === 0) return [];
    return [{ ...st, Action: missing }];
  });
}
