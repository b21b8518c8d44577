import "server-only";
// A rollback is a plan like any other: saved as a new draft, reviewed, approved by someone else and
// applied. It is stored as a Plan (same record, same lifecycle) carrying a `rollback` section with the
// steps from the audit log's "before" documents, and no Change of its own: apply for these records goes
// to rollback-apply.ts. The fingerprint covers the steps AND the live documents read while planning,
// so approval binds to exactly what will be overwritten; any later change means re-review.
import { destroyClients, sideClients } from "@/lib/aws/session";
import { canonicalJson } from "@/lib/plan/canonical";
import { normalize } from "@/lib/plan/normalize";
import { sha256Hex } from "@/lib/plan/sha256";
import type { Json, Plan } from "@/lib/plan/types";
import { planRollback, type RollbackDescription, type RollbackStep } from "@/lib/store";
import { checkRollback } from "./rollback-apply";

export type RollbackLive = { current: Json | null; problem?: string; restored?: boolean };
export type RollbackSection = RollbackDescription & { of: string; live: RollbackLive[]; checkedAt: string };
export type RollbackPlan = Plan & { rollback: RollbackSection };

export const isRollbackPlan = (p: Plan): p is RollbackPlan => typeof (p as Partial<RollbackPlan>).rollback === "object";

function fingerprintOf(of: string, steps: RollbackStep[], live: RollbackLive[]): string {
  return sha256Hex(
    canonicalJson({
      kind: "rollback",
      of,
      steps: steps.map((s) => ({ id: s.changeId, action: s.action, target: s.target, accountId: s.accountId, restore: normalize(s.restore) ?? null, expected: normalize(s.expectedCurrent) ?? null })),
      live: live.map((l) => normalize(l.current) ?? null),
    }),
  );
}

/** Builds (or re-builds, for "re-plan") the rollback plan of `original`, reading live state now. */
export async function buildRollbackPlan(original: { id: string; plan: Plan }, description?: RollbackDescription): Promise<RollbackPlan> {
  const d = description ?? (await planRollback(original.id));
  const clients = sideClients(original.plan.input);
  let live: RollbackLive[];
  try {
    live = await checkRollback(d.steps, clients);
  } finally {
    destroyClients(clients);
  }
  const errors = live.flatMap((l, i) => (l.problem ? [{ path: `rollback.${d.steps[i]!.changeId}`, message: l.problem }] : []));
  if (d.steps.length === 0) errors.push({ path: "rollback", message: "Nothing to roll back: no reversible change of this plan was written." });
  // Irreversible changes (Object Lock, versioning) are listed in rollback.irreversible, shown on their own.
  const warnings = d.warnings.map((message) => ({ message }));
  return {
    ...original.plan,
    changes: [],
    documents: [],
    errors,
    warnings,
    applyable: errors.length === 0,
    observedHashes: {},
    fingerprint: fingerprintOf(original.id, d.steps, live),
    rollback: { ...d, of: original.id, live, checkedAt: new Date().toISOString() },
  };
}
