import "server-only";
// Saved-plan operations for the pages' server actions. The actor is resolved by the caller (lib/people)
// and passed in, so these run the same in tests. Every state change is the store's compare-and-set
// lifecycle (lib/store/lifecycle.ts): four eyes, approval bound to the fingerprint, races lose cleanly.
import { LifecycleError, plans, type Actor, type PlanRecord } from "@/lib/store";
import type { WizardInput } from "@/lib/schema/wizard";
import { planNow } from "./live";
import { isManyPlan, replanMany } from "./many";
import { isRollbackPlan, rollbackPlanNow } from "./rollback";

async function load(id: string): Promise<PlanRecord> {
  const rec = await plans().get(id);
  if (!rec) throw new LifecycleError("not-found", `There is no saved plan ${id}.`);
  return rec;
}

/** A new draft from validated input: the server reads both accounts and builds the plan itself. */
export async function saveDraft(input: WizardInput, actor: Actor): Promise<PlanRecord> {
  const { plan } = await planNow(input);
  return plans().createDraft(input, plan, actor);
}

/** New input for an existing plan (re-saved from the wizard): back to draft, any approval withdrawn. */
export async function updateDraft(id: string, input: WizardInput, actor: Actor): Promise<PlanRecord> {
  const rec = await load(id);
  if (isRollbackPlan(rec.plan))
    throw new LifecycleError(
      "invalid-input",
      "A rollback plan is built from the audit log; it cannot be edited in the wizard. Use Re-plan instead.",
    );
  if (isManyPlan(rec.plan))
    throw new LifecycleError(
      "invalid-input",
      "A plan of several sources is assembled on the onboarding page; it cannot be edited in the wizard. Use Re-plan, or plan the sources again.",
    );
  const { plan } = await planNow(input);
  return plans().updateDraft(id, input, plan, actor);
}

export type ReplanResult = { record: PlanRecord; changed: boolean };

/**
 * Re-runs discover + buildPlan (or the rollback check) for the same input. Unchanged fingerprint: nothing
 * is written. Changed: the plan is saved and goes back to draft (an approval no longer covers it).
 */
export async function replan(id: string, actor: Actor): Promise<ReplanResult> {
  const rec = await load(id);
  if (rec.status === "applying")
    throw new LifecycleError("invalid-transition", "This plan is being applied right now; re-plan after the run ends.");
  const plan = isRollbackPlan(rec.plan)
    ? await rollbackPlanNow({ id: rec.plan.rollback.of, plan: rec.plan }, rec.plan.rollback)
    : isManyPlan(rec.plan)
      ? await replanMany(rec.plan)
      : (await planNow(rec.input)).plan;
  if (plan.fingerprint === rec.fingerprint) return { record: rec, changed: false };
  if (rec.status === "applied")
    throw new LifecycleError(
      "invalid-transition",
      "This plan is already applied; live state has changed since. Save a new plan from the wizard (or roll this one back).",
    );
  return { record: await plans().updateDraft(id, rec.input, plan, actor), changed: true };
}

/** A new draft that restores what the applied (or failed) plan changed, for review and approval. */
export async function createRollback(id: string, actor: Actor): Promise<PlanRecord> {
  const rec = await load(id);
  if (isRollbackPlan(rec.plan))
    throw new LifecycleError("invalid-transition", "This is already a rollback; a rollback of a rollback is a new plan from the wizard.");
  if (isManyPlan(rec.plan))
    throw new LifecycleError(
      "invalid-transition",
      "Rolling back a plan of several sources is not supported yet: the audit log names every write of it (one row per source).",
    );
  if (rec.status !== "applied" && rec.status !== "failed") {
    throw new LifecycleError("invalid-transition", "Only an applied (or partly applied) plan can be rolled back.");
  }
  const plan = await rollbackPlanNow(rec);
  return plans().createDraft(rec.input, plan, actor);
}

export const submit = (id: string, actor: Actor, comment?: string) => plans().submit(id, actor, comment);
export const approve = (id: string, actor: Actor, fingerprint: string, comment?: string) =>
  plans().approve(id, actor, fingerprint, comment);
export const reject = (id: string, actor: Actor, comment: string) => plans().reject(id, actor, comment);
export const comment = (id: string, actor: Actor, text: string) => plans().addComment(id, actor, text);
