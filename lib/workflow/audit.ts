import "server-only";
// Every AWS write call goes to the audit log: when, who, plan, run, account, API, target, request ID,
// result, before and after. Events carry documents and ids only (never credentials), and the store
// scrubs every entry again before writing it.
import { subscribeApplyEvents } from "@/lib/apply/start";
import type { ApplyEvent } from "@/lib/apply/types";
import type { Plan } from "@/lib/plan/types";
import { auditLog, type AuditEntryInput, type AuditStore } from "@/lib/store";

/** Maps one apply-engine event to an audit entry; the change (and its region) is found in the plan by API, target and account. */
export function auditEntryOf(event: ApplyEvent, ctx: { planId: string | null; plan?: Plan; actor?: string }): AuditEntryInput {
  const change = ctx.plan?.changes.find((c) => c.action === event.api && c.target === event.target && c.account === event.account);
  return {
    at: event.when,
    actor: ctx.actor ?? event.actor ?? "unknown (wizard apply without a name)",
    planId: ctx.planId,
    runId: event.runId,
    changeId: change?.id ?? null,
    account: event.account,
    accountId: event.accountId,
    region: change?.region ?? null,
    api: event.api,
    target: event.target,
    requestId: event.requestId ?? null,
    result: event.result === "ok" ? "ok" : "failed",
    errorCode: event.error?.code ?? null,
    errorMessage: event.error?.message ?? null,
    before: event.before,
    after: event.after,
  };
}

/** Appends without ever throwing into the apply: a failed audit write is reported on the server log. */
export function appendSafely(entry: AuditEntryInput, store: AuditStore = auditLog()): void {
  store.appendAudit(entry).catch((err: unknown) => {
    console.error(`audit log: could not record ${entry.api} on ${entry.target}: ${err instanceof Error ? err.message : String(err)}`);
  });
}

/** The onEvent handler for one saved plan's apply run. */
export function planAuditWriter(planId: string, plan: Plan, actor: string): (event: ApplyEvent) => void {
  return (event) => appendSafely(auditEntryOf(event, { planId, plan, actor }));
}

const g = globalThis as { __lockbridgeAuditSubscribed?: boolean };

/**
 * Subscribes the audit log to wizard applies (startApplyRun publishes their write events; no plan id).
 * Saved plans are applied with their own onEvent (planAuditWriter), which knows the plan. Idempotent.
 */
export function ensureAuditSubscription(): void {
  if (g.__lockbridgeAuditSubscribed) return;
  g.__lockbridgeAuditSubscribed = true;
  subscribeApplyEvents((event) => appendSafely(auditEntryOf(event, { planId: null })));
}
