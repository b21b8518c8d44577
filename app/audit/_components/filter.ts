// The audit filter from URL search parameters, shared by the page and the JSON Lines download so the
// download holds exactly the entries the page lists. Unknown or malformed values are ignored.
import type { AuditFilter } from "@/lib/store";

export type Params = Record<string, string | string[] | undefined>;
export const FILTER_KEYS = ["planId", "account", "api", "actor", "result", "text"] as const;

const one = (v: string | string[] | null | undefined) => {
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s && s.length <= 200 ? s : undefined;
};

export function auditFilter(get: (key: string) => string | string[] | null | undefined): AuditFilter {
  const account = one(get("account"));
  const result = one(get("result"));
  return {
    planId: one(get("planId")),
    // One "Account" box: a 12-digit ID, or the side (source / destination).
    ...(account && /^\d{12}$/.test(account) ? { accountId: account } : account === "source" || account === "destination" ? { account } : {}),
    api: one(get("api")),
    actor: one(get("actor")),
    ...(result === "ok" || result === "failed" ? { result } : {}),
    text: one(get("text")),
  };
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
