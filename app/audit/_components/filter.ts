// The audit filter from URL search parameters, shared by the page and the JSON Lines download so the
// download holds exactly the entries the page lists. A value that cannot match anything (an API
// Lockbridge never calls, an account that is neither an ID nor a side) is reported, never silently
// dropped: dropping it would list every entry as if it matched.
import type { AuditFilter } from "@/lib/store";

export type Params = Record<string, string | string[] | undefined>;
export const FILTER_KEYS = ["planId", "account", "api", "actor", "result", "text"] as const;

/** Every AWS write call Lockbridge makes (apply, rollback, batch job, canary), spelled as AWS spells it. */
export const WRITE_APIS = [
  "CreateJob",
  "CreateRole",
  "DeleteBucketPolicy",
  "DeleteBucketReplication",
  "DeleteRole",
  "DeleteRolePolicy",
  "PutBucketPolicy",
  "PutBucketReplication",
  "PutBucketVersioning",
  "PutKeyPolicy",
  "PutObject",
  "PutObjectLockConfiguration",
  "PutRolePolicy",
  "UpdateAssumeRolePolicy",
] as const;

const one = (v: string | string[] | null | undefined) => {
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s && s.length <= 200 ? s : undefined;
};

export type ParsedFilter = { filter: AuditFilter; problems: string[] };

export function parseAuditFilter(get: (key: string) => string | string[] | null | undefined): ParsedFilter {
  const problems: string[] = [];
  const account = one(get("account"));
  const result = one(get("result"));
  const apiText = one(get("api"));
  // AWS API names are case-sensitive in AWS, but nobody means "putkeypolicy" as another API.
  const api = apiText ? WRITE_APIS.find((a) => a.toLowerCase() === apiText.replace(/\s+/g, "").toLowerCase()) : undefined;
  if (apiText && !api) problems.push(`No write call is named “${apiText}”. Lockbridge writes with: ${WRITE_APIS.join(", ")}.`);
  const side = account?.toLowerCase();
  if (account && !/^\d{12}$/.test(account) && side !== "source" && side !== "destination") {
    problems.push(`“${account}” is not an account: enter a 12-digit account ID, or “source” or “destination”.`);
  }
  if (result && result !== "ok" && result !== "failed") problems.push(`“${result}” is not a result: choose ok or failed.`);
  return {
    problems,
    filter: {
      planId: one(get("planId")),
      // One "Account" box: a 12-digit ID, or the side (source / destination).
      ...(account && /^\d{12}$/.test(account)
        ? { accountId: account }
        : side === "source" || side === "destination"
          ? { account: side }
          : {}),
      ...(api ? { api } : {}),
      actor: one(get("actor")),
      ...(result === "ok" || result === "failed" ? { result } : {}),
      text: one(get("text")),
    },
  };
}

/** The filter for the store; only meaningful when parseAuditFilter found no problems. */
export function auditFilter(get: (key: string) => string | string[] | null | undefined): AuditFilter {
  return parseAuditFilter(get).filter;
}

/** The filter's own query string (for pagination and the download link). */
export function filterQuery(get: (key: string) => string | string[] | null | undefined, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = one(get(k));
    if (v) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

/** What kind of write an entry without a saved plan was, in words. */
export function originOf(e: { planId: string | null; api: string }): string {
  if (e.planId) return "";
  if (e.api === "PutObject") return "Verify: canary object (no saved plan)";
  if (e.api === "CreateJob") return "Existing objects: batch replication job (no saved plan)";
  return "Wizard Apply (no saved plan)";
}
