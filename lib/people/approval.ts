import "server-only";
// LOCKBRIDGE_REQUIRE_APPROVAL: every AWS write (apply, batch job, canary upload, rollback) needs a saved
// plan that someone other than the person writing approved, and whose approval still covers it (the
// approved fingerprint is the plan's current one: editing or re-planning withdraws an approval).
import { inputHash } from "../apply/resume";
import { env } from "../env";
import type { WizardInput } from "../schema/wizard";
import { plans, type Actor, type PlanRecord } from "../store";

const HOW = "Save the plan for approval, have someone else approve it on Plans, then apply it from there.";

/** Why `rec` does not authorize `actor` to write, or undefined when it does. */
export function approvalProblem(rec: PlanRecord, actor: Actor): string | undefined {
  if (!rec.approval) return `This plan is ${rec.status}, not approved. ${HOW}`;
  if (rec.approval.fingerprint !== rec.fingerprint) return `The approval no longer covers this plan (it changed since). ${HOW}`;
  if (rec.approval.by.name === actor.name)
    return `${actor.name} approved this plan; on this server the person who applies must be someone other than the approver.`;
  return undefined;
}

/** Saved-plan apply and rollback. */
export function savedPlanApproval(rec: PlanRecord, actor: Actor): string | undefined {
  return env().requireApproval ? approvalProblem(rec, actor) : undefined;
}

/** The wizard's own Apply never has a saved approval behind it. */
export function wizardApplyApproval(): string | undefined {
  return env().requireApproval ? `Approval is required on this server before anything is changed in AWS. ${HOW}` : undefined;
}

/**
 * Writes made from the wizard after Apply (batch job, canary upload): allowed when a saved plan for the
 * same wizard input was approved by someone else (and is approved or applied).
 */
export async function inputApproval(input: WizardInput, actor: Actor, what: string): Promise<string | undefined> {
  if (!env().requireApproval) return undefined;
  const hash = inputHash(input);
  const { plans: list } = await plans().list({ status: ["approved", "applying", "applied"], limit: 1000 });
  for (const summary of list) {
    const rec = await plans().get(summary.id);
    if (rec && inputHash(rec.input) === hash && approvalProblem(rec, actor) === undefined) return undefined;
  }
  return `Approval is required on this server before ${what}: no saved plan for exactly this wizard input is approved by someone other than ${actor.name}. ${HOW}`;
}
