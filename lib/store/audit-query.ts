import "server-only";
// Audit rows <-> entries, and the WHERE clause of an AuditFilter (parameters, never interpolation).
import type { AccountSide, ChangeId, Json } from "../plan/types";
import type { AuditEntry, AuditFilter, AuditResult } from "./types";

export type AuditRow = {
  seq: number;
  at: string;
  actor: string;
  plan_id: string | null;
  run_id: string | null;
  change_id: string | null;
  account: string;
  account_id: string;
  region: string | null;
  api: string;
  target: string;
  request_id: string | null;
  result: string;
  error_code: string | null;
  error_message: string | null;
  before_json: string | null;
  after_json: string | null;
  scrubbed_json: string;
};

const parse = (s: string | null): Json | null => (s === null ? null : (JSON.parse(s) as Json));

export function rowToAudit(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    planId: r.plan_id,
    runId: r.run_id,
    changeId: r.change_id as ChangeId | null,
    account: r.account as AccountSide,
    accountId: r.account_id,
    region: r.region,
    api: r.api,
    target: r.target,
    requestId: r.request_id,
    result: r.result as AuditResult,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    before: parse(r.before_json),
    after: parse(r.after_json),
    scrubbed: JSON.parse(r.scrubbed_json) as string[],
  };
}

/** ISO-8601 in UTC with milliseconds, the form `at` is stored in, so text comparison is time order. */
export function isoInstant(value: string, what: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new RangeError(`${what} is not a date/time: ${JSON.stringify(value)}`);
  return new Date(t).toISOString();
}

export function auditWhere(f: AuditFilter = {}): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined || value === "") return;
    clauses.push(`${column} = ?`);
    params.push(value);
  };
  eq("plan_id", f.planId);
  eq("run_id", f.runId);
  eq("account_id", f.accountId);
  eq("account", f.account);
  eq("api", f.api);
  eq("actor", f.actor);
  eq("result", f.result);
  if (f.from) {
    clauses.push("at >= ?");
    params.push(isoInstant(f.from, "from"));
  }
  if (f.to) {
    clauses.push("at <= ?");
    params.push(isoInstant(f.to, "to"));
  }
  if (f.text) {
    // instr, not LIKE: "%" and "_" in a bucket name are data, not wildcards.
    clauses.push("instr(lower(target), lower(?)) > 0");
    params.push(f.text);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}
