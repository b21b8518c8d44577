import "server-only";
// Which saved plans are rollbacks, and of what. A rollback plan records the plan it undoes; the list
// and plan pages need the other direction too (mark rollbacks, link an applied plan to its rollback,
// and open the existing rollback instead of creating another empty one).
import { isRollbackPlan } from "@/lib/workflow";
import { plans, type PlanStatus } from "@/lib/store";

export type RollbackRef = { id: string; of: string; status: PlanStatus };

/** Every rollback plan among the most recent `limit` plans. */
export async function rollbackRefs(limit = 500): Promise<RollbackRef[]> {
  const { plans: list } = await plans().list({ limit });
  const out: RollbackRef[] = [];
  for (const p of list) {
    const rec = await plans().get(p.id);
    if (rec && isRollbackPlan(rec.plan)) out.push({ id: rec.id, of: rec.plan.rollback.of, status: rec.status });
  }
  return out;
}

/** The rollback a person should continue with (the newest one not rejected), if any. */
export function openRollbackOf(refs: RollbackRef[], planId: string): RollbackRef | undefined {
  return refs.find((r) => r.of === planId && r.status !== "rejected");
}
