import "server-only";
// The server functions pages and actions call. One store per server process, opened lazily in
// LOCKBRIDGE_DATA_DIR (kept on globalThis so dev-mode module reloads do not open a second connection).
import { env } from "../env";
import { LifecycleError } from "./errors";
import { planLifecycle, type PlanLifecycle } from "./lifecycle";
import { rollbackInput, type RollbackDescription } from "./rollback";
import { SqliteStore } from "./sqlite";
import type { AuditEntry, AuditStore, PlanStore, RunStore } from "./types";

export { StoreError, LifecycleError } from "./errors";
export type { StoreErrorCode, LifecycleErrorCode } from "./errors";
export { planLifecycle, newId, type PlanLifecycle, type LifecycleOptions, type RunError } from "./lifecycle";
export { rollbackInput, type RollbackDescription, type RollbackStep, type RollbackAction, type IrreversibleChange } from "./rollback";
export { scrub, scrubString, REDACTED } from "./scrub";
export { SqliteStore, DB_FILE_NAME, type SqliteStoreOptions } from "./sqlite";
export type * from "./types";

type Holder = { store?: SqliteStore };
const holder = ((globalThis as { __lockbridgeStore?: Holder }).__lockbridgeStore ??= {});

/** The process-wide store (PlanStore & AuditStore). Throws StoreError when the file is unusable. */
export function getStore(): PlanStore & AuditStore {
  holder.store ??= SqliteStore.open({ dataDir: env().dataDir });
  return holder.store;
}

/** Plan lifecycle over the process-wide store, with four eyes as configured (LOCKBRIDGE_FOUR_EYES). */
export function plans(): PlanLifecycle {
  return planLifecycle(getStore(), { fourEyes: env().fourEyes });
}

/** Apply runs of the process-wide store (durable progress and resume tokens). */
export function runStore(): RunStore {
  holder.store ??= SqliteStore.open({ dataDir: env().dataDir });
  return holder.store;
}

/** The audit log of the process-wide store. */
export function auditLog(): AuditStore {
  return getStore();
}

/** Every audit entry of a plan, oldest first. */
export async function planAudit(planId: string, store: AuditStore = auditLog()): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (let cursor: number | undefined; ;) {
    const page = await store.listAudit({ planId }, { order: "asc", limit: 1000, cursor });
    out.push(...page.entries);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

/** What undoing a plan would take; the lead turns `steps` into a new draft for review. */
export async function planRollback(planId: string): Promise<RollbackDescription> {
  const record = await getStore().getPlan(planId);
  if (!record) throw new LifecycleError("not-found", `There is no saved plan ${planId}.`);
  return rollbackInput(record, await planAudit(planId));
}
