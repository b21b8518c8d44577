"use server";
// Server actions are public endpoints: each goes through serverAction (lib/http/action.ts): strict parse
// (the wizard input with the wizard's own schema), who is acting, permission, then lib/workflow. Documents
// are never accepted from the client: the server reads both accounts and builds every plan itself.
import { z } from "zod";
import type { RunSnapshot } from "@/lib/apply/types";
import { AccessError, accountRefusals, serverAction } from "@/lib/http/action";
import { refusal, type ActionResult } from "@/lib/http/result";
import { savedPlanApproval } from "@/lib/people/approval";
import * as saved from "@/lib/workflow";
import { strictObject } from "@/lib/schema/strict";
import { wizardInput } from "@/lib/schema/wizard";
import { LifecycleError, plans } from "@/lib/store";

export type { ActionResult } from "@/lib/http/result";

const planId = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, "Not a plan id.");
const text = z.string().max(4000, "At most 4000 characters.").optional();
const INCOMPLETE = "The wizard input is not complete: fix the fields listed, then save again.";
/**
 * A saved plan's accounts must still be allowed (LOCKBRIDGE_ALLOWED_ACCOUNTS / _ROLE_ARNS) before the
 * server reads or writes them for it: the plan may have been saved before the setting was made.
 */
async function allowedPlan(id: string) {
  const rec = await plans().get(id);
  if (!rec) throw new LifecycleError("not-found", `There is no saved plan ${id}.`);
  // A plan of several sources reaches every source account: each must still be allowed.
  const inputs = saved.isManyPlan(rec.plan) ? rec.plan.many.inputs : [rec.input];
  const refused = inputs.flatMap((input) => Object.values(accountRefusals(input.accounts)));
  if (refused.length > 0) throw new AccessError(refused.join(" "));
  return rec;
}

const accountsOf = (input: { accounts: Parameters<typeof saved.planNow>[0]["accounts"] }) => ({
  accounts: input.accounts,
  prefix: "accounts.",
});

export const savePlan = serverAction({
  name: "savePlan",
  input: wizardInput,
  permission: "plan",
  invalidMessage: INCOMPLETE,
  accounts: accountsOf,
  run: async (input, { actor }): Promise<ActionResult<{ id: string }>> => ({ ok: true, id: (await saved.saveDraft(input, actor)).id }),
});

export const updatePlan = serverAction({
  name: "updatePlan",
  input: z.tuple([planId, wizardInput]),
  permission: "plan",
  invalidMessage: INCOMPLETE,
  accounts: ([, input]) => accountsOf(input),
  run: async ([id, input], { actor }): Promise<ActionResult<{ id: string }>> => ({
    ok: true,
    id: (await saved.updateDraft(id, input, actor)).id,
  }),
});

const withComment = strictObject({ id: planId, comment: text });

export const submitPlan = serverAction({
  name: "submitPlan",
  input: withComment,
  permission: "plan",
  run: async (r, { actor }): Promise<ActionResult> => (await saved.submit(r.id, actor, r.comment), { ok: true }),
});

export const approvePlan = serverAction({
  name: "approvePlan",
  input: strictObject({ id: planId, comment: text, fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "Not a plan fingerprint.") }),
  permission: "approve",
  run: async (r, { actor }): Promise<ActionResult> => (await saved.approve(r.id, actor, r.fingerprint, r.comment), { ok: true }),
});

export const rejectPlan = serverAction({
  name: "rejectPlan",
  input: withComment,
  permission: "approve",
  run: async (r, { actor }): Promise<ActionResult> => (await saved.reject(r.id, actor, r.comment ?? ""), { ok: true }),
});

export const commentOnPlan = serverAction({
  name: "commentOnPlan",
  input: withComment,
  permission: "plan",
  run: async (r, { actor }): Promise<ActionResult> => (await saved.comment(r.id, actor, r.comment ?? ""), { ok: true }),
});

export const replanPlan = serverAction({
  name: "replanPlan",
  input: planId,
  permission: "plan",
  run: async (id, { actor }): Promise<ActionResult<{ changed: boolean }>> => (
    await allowedPlan(id),
    { ok: true, changed: (await saved.replan(id, actor)).changed }
  ),
});

export const rollbackPlan = serverAction({
  name: "rollbackPlan",
  input: planId,
  permission: "plan",
  run: async (id, { actor }): Promise<ActionResult<{ id: string }>> => (
    await allowedPlan(id),
    { ok: true, id: (await saved.createRollback(id, actor)).id }
  ),
});

export const applySavedPlan = serverAction({
  name: "applySavedPlan",
  input: strictObject({ id: planId, confirm: z.string().max(100).optional() }),
  permission: "apply",
  approval: async (r, { actor }) => savedPlanApproval(await allowedPlan(r.id), actor),
  run: async (r, { actor }): Promise<ActionResult<{ result: saved.StartApplyResult }>> => {
    const result = await saved.startPlanApply(r.id, actor, r.confirm);
    return result.ok ? { ok: true, result } : refusal(result.message, result.details ? { details: result.details } : {});
  },
});

export const savedPlanProgress = serverAction({
  name: "savedPlanProgress",
  input: z.uuid("Not a run id."),
  permission: "read",
  run: async (runId): Promise<ActionResult<{ run: RunSnapshot }>> => {
    const run = saved.planRunProgress(runId);
    return run ? { ok: true, run } : refusal("This run is not known to the server: the plan's history shows how it ended.");
  },
});
