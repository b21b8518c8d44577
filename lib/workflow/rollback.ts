import "server-only";
// A rollback is a plan like any other (lib/plan/rollback.ts): saved as a new draft, reviewed, approved by
// someone else and applied by the same engine (lib/apply) with the same guards. This file only reads
// what is live for each step, with the same readers the engine's last-moment guard uses.
import type { SideClients } from "@/lib/aws/session";
import { destroyClients, sideClients } from "@/lib/aws/session";
import { readLiveDocument } from "@/lib/aws/read-document";
import { toFailure } from "@/lib/aws/errors";
import type { Read } from "@/lib/plan/observed";
import { buildRollbackPlan, rollbackSkeletons, type RollbackDescription, type RollbackPlan } from "@/lib/plan/rollback";
import type { Json, Plan } from "@/lib/plan/types";
import { planRollback } from "@/lib/store";

export { isRollbackPlan, type RollbackPlan, type RollbackSection } from "@/lib/plan/rollback";

/** The live document of every step (unknown without access to its account, error when the read failed). */
async function readSteps(d: RollbackDescription, clients: SideClients): Promise<Read<Json | null>[]> {
  const skeletons = rollbackSkeletons(d.steps);
  return Promise.all(
    d.steps.map(async (step, i): Promise<Read<Json | null>> => {
      const c = clients[step.account];
      const skeleton = skeletons[i];
      if (!c) return { status: "unknown" };
      // A step whose recorded documents are malformed is refused by the planner; nothing to read.
      if (skeleton === undefined || typeof skeleton === "string") return { status: "absent" };
      try {
        const live = await readLiveDocument(skeleton, c);
        return live === null ? { status: "absent" } : { status: "found", value: live };
      } catch (err) {
        const f = toFailure(err);
        return { status: "error", code: f.code, message: f.message };
      }
    }),
  );
}

/**
 * The rollback plan of `original` built from live state now. `description` is the rollback's own steps
 * when re-planning or applying a saved rollback (never recomputed from the audit log then, so approval
 * stays bound to the same steps); a new rollback reads them from the audit log.
 */
export async function rollbackPlanNow(
  original: { id: string; plan: Plan },
  description?: RollbackDescription,
  clients?: SideClients,
): Promise<RollbackPlan> {
  const d = description ?? (await planRollback(original.id));
  const own = clients === undefined;
  const c = clients ?? sideClients(original.plan.input);
  try {
    return buildRollbackPlan(original, d, await readSteps(d, c), new Date().toISOString());
  } finally {
    if (own) destroyClients(c);
  }
}
