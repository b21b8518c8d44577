import "server-only";
// Shared by the verify and existing-objects actions: clients for one side of the validated input, and the
// audit sink every write goes through. Write events hold documents only, never credentials: the audit log is never a place to find one.
import { clientsFor, type AccountClients } from "@/lib/aws/clients";
import { accessOf } from "@/lib/aws/connect";
import type { WriteEvent } from "@/lib/aws/execute";
import type { AccountSide } from "@/lib/plan";
import type { WizardInput } from "@/lib/schema/wizard";
import { auditLog } from "@/lib/store";

/** Clients for one account, or undefined when it is plan-only. */
export function sideClientsFor(input: WizardInput, side: AccountSide, purpose: string): AccountClients | undefined {
  const access = accessOf(input.accounts[side]);
  return access ? clientsFor(access, input.accounts[side].region, purpose) : undefined;
}

export function destroy(...clients: (AccountClients | undefined)[]) {
  for (const c of clients) for (const client of Object.values(c ?? {})) client.destroy();
}

/** What the page shows of a write (no documents needed there). */
export type WriteSummary = { api: string; target: string; result: "ok" | "error"; requestId?: string; error?: string };

/**
 * Collects write events and appends them to the audit log under `actor` (the person serverAction
 * resolved: a write without an actor never gets this far). An audit store that cannot be written must
 * not hide that AWS was changed, so a store failure is returned as a note instead of thrown.
 */
export function auditSink(actor: string) {
  const events: WriteEvent[] = [];
  return {
    onWrite: (e: WriteEvent) => void events.push(e),
    async flush(region: string): Promise<{ writes: WriteSummary[]; auditNote?: string }> {
      const writes = events.map((e) => ({
        api: e.api,
        target: e.target,
        result: e.result,
        requestId: e.requestId,
        ...(e.error ? { error: `${e.error.code}: ${e.error.message}` } : {}),
      }));
      if (events.length === 0) return { writes };
      try {
        for (const e of events) {
          await auditLog().appendAudit({
            at: e.when,
            actor,
            planId: null,
            runId: null,
            account: e.account,
            accountId: e.accountId,
            region,
            api: e.api,
            target: e.target,
            requestId: e.requestId ?? null,
            result: e.result === "ok" ? "ok" : "failed",
            errorCode: e.error?.code ?? null,
            errorMessage: e.error?.message ?? null,
            before: e.before,
            after: e.after,
          });
        }
        return { writes };
      } catch (err) {
        return {
          writes,
          auditNote: `These writes could not be recorded in the audit log: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
    },
  };
}

/** A replication failure as S3 publishes it (s3:Replication:OperationFailedReplication): reason code + words. */
export type ReplicationFailureEvent = { code: string; reason: string; ruleId?: string; time: string };

/**
 * On AWS the cause of a FAILED replication only reaches S3 Event Notifications (when replication metrics
 * are on), which Lockbridge does not subscribe to. The sandbox's replication engine keeps the same events
 * and serves them read-only at /lockbridge-sandbox/replication-events, so Verify can name the cause there.
 * Anything unexpected (not the sandbox engine, no event yet) is "no cause known", never an error.
 */
export async function sandboxFailureEvent(
  endpoint: string,
  target: { bucket: string; key: string; versionId?: string },
): Promise<ReplicationFailureEvent | null> {
  const q = new URLSearchParams({ bucket: target.bucket, key: target.key, ...(target.versionId ? { versionId: target.versionId } : {}) });
  try {
    const res = await fetch(`${endpoint.replace(/\/+$/, "")}/lockbridge-sandbox/replication-events?${q}`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) return null;
    const body = (await res.json()) as { events?: unknown };
    const events = Array.isArray(body.events) ? body.events : [];
    const last = events[events.length - 1] as Partial<ReplicationFailureEvent> | undefined;
    if (!last || typeof last.code !== "string" || typeof last.reason !== "string") return null;
    return {
      code: last.code,
      reason: last.reason,
      ...(typeof last.ruleId === "string" ? { ruleId: last.ruleId } : {}),
      time: String(last.time ?? ""),
    };
  } catch {
    return null;
  }
}
