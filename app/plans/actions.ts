"use server";
// Server actions are public endpoints: each parses its arguments (the wizard input with the wizard's own
// schema), resolves who is acting on the server, calls lib/workflow and returns plain data. Documents are
// never accepted from the client: the server reads both accounts and builds every plan itself.
import { z } from "zod";
import type { RunSnapshot } from "@/lib/apply/types";
import { IdentityError, currentActor } from "@/lib/people";
import * as saved from "@/lib/workflow";
import { type FieldErrors, fieldErrorsOf } from "@/lib/schema/errors";
import { strictObject } from "@/lib/schema/strict";
import { wizardInput } from "@/lib/schema/wizard";
import { LifecycleError, StoreError, type Actor } from "@/lib/store";

export type ActionResult<T = object> = ({ ok: true } & T) | { ok: false; message: string; details?: string[]; fieldErrors?: FieldErrors; needsName?: boolean };

const planId = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, "Not a plan id.");
const text = z.string().max(4000, "At most 4000 characters.").optional();

/** Runs `fn` as the current person; every refusal becomes a message for the page (nothing is thrown at the client). */
async function asActor<T extends object>(fn: (actor: Actor) => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    const actor = await currentActor();
    if ("needsName" in actor) return { ok: false, needsName: true, message: "Tell Lockbridge your name first (Your name, in the header): every step of a plan records who did it." };
    return await fn(actor);
  } catch (err) {
    if (err instanceof LifecycleError || err instanceof IdentityError || err instanceof StoreError) return { ok: false, message: err.message };
    return { ok: false, message: `Something went wrong: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): { ok: true; data: z.output<S> } | { ok: false; message: string; fieldErrors: FieldErrors } {
  const r = schema.safeParse(raw);
  return r.success ? { ok: true, data: r.data } : { ok: false, message: "Some fields are not valid.", fieldErrors: fieldErrorsOf(r.error) };
}

export async function savePlan(values: unknown): Promise<ActionResult<{ id: string }>> {
  const input = parse(wizardInput, values);
  if (!input.ok) return { ...input, message: "The wizard input is not complete: fix the fields listed, then save again." };
  return asActor(async (actor) => ({ ok: true, id: (await saved.saveDraft(input.data, actor)).id }));
}

export async function updatePlan(id: unknown, values: unknown): Promise<ActionResult<{ id: string }>> {
  const pid = parse(planId, id);
  if (!pid.ok) return pid;
  const input = parse(wizardInput, values);
  if (!input.ok) return { ...input, message: "The wizard input is not complete: fix the fields listed, then save again." };
  return asActor(async (actor) => ({ ok: true, id: (await saved.updateDraft(pid.data, input.data, actor)).id }));
}

const withComment = strictObject({ id: planId, comment: text });

export async function submitPlan(raw: unknown): Promise<ActionResult> {
  const r = parse(withComment, raw);
  if (!r.ok) return r;
  return asActor(async (actor) => (await saved.submit(r.data.id, actor, r.data.comment), { ok: true }));
}

export async function approvePlan(raw: unknown): Promise<ActionResult> {
  const r = parse(withComment.extend({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "Not a plan fingerprint.") }), raw);
  if (!r.ok) return r;
  return asActor(async (actor) => (await saved.approve(r.data.id, actor, r.data.fingerprint, r.data.comment), { ok: true }));
}

export async function rejectPlan(raw: unknown): Promise<ActionResult> {
  const r = parse(withComment, raw);
  if (!r.ok) return r;
  return asActor(async (actor) => (await saved.reject(r.data.id, actor, r.data.comment ?? ""), { ok: true }));
}

export async function commentOnPlan(raw: unknown): Promise<ActionResult> {
  const r = parse(withComment, raw);
  if (!r.ok) return r;
  return asActor(async (actor) => (await saved.comment(r.data.id, actor, r.data.comment ?? ""), { ok: true }));
}

export async function replanPlan(id: unknown): Promise<ActionResult<{ changed: boolean }>> {
  const r = parse(planId, id);
  if (!r.ok) return r;
  return asActor(async (actor) => ({ ok: true, changed: (await saved.replan(r.data, actor)).changed }));
}

export async function rollbackPlan(id: unknown): Promise<ActionResult<{ id: string }>> {
  const r = parse(planId, id);
  if (!r.ok) return r;
  return asActor(async (actor) => ({ ok: true, id: (await saved.createRollback(r.data, actor)).id }));
}

export async function applySavedPlan(raw: unknown): Promise<ActionResult<{ result: saved.StartApplyResult }>> {
  const r = parse(strictObject({ id: planId, confirm: z.string().max(100).optional() }), raw);
  if (!r.ok) return r;
  return asActor(async (actor) => {
    const result = await saved.startPlanApply(r.data.id, actor, r.data.confirm);
    return result.ok ? { ok: true, result } : { ok: false, message: result.message, details: result.details };
  });
}

export async function savedPlanProgress(runId: unknown): Promise<ActionResult<{ run: RunSnapshot }>> {
  const id = z.uuid().safeParse(runId);
  const run = id.success ? saved.planRunProgress(id.data) : undefined;
  return run ? { ok: true, run } : { ok: false, message: "This run is not known to the server (it may have restarted): the plan's history shows how it ended." };
}
