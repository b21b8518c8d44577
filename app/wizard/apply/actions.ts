"use server";
// Server actions are public endpoints: parse with the wizard's own schema, call lib, return plain data.
// The client sends only the wizard input, the fingerprint it approved and its typed confirmation; the
// server re-reads both accounts and recomputes the plan. No document from the client is ever used.
import { z } from "zod";
import { reviewPlan as review } from "@/lib/apply/review";
import { runSnapshot } from "@/lib/apply/runs";
import { startApplyRun } from "@/lib/apply/start";
import type { RunSnapshot } from "@/lib/apply/types";
import { accessOf } from "@/lib/aws/connect";
import type { AccountSide, Plan } from "@/lib/plan";
import { type FieldErrors, fieldErrorsOf } from "@/lib/schema/errors";
import { strictObject } from "@/lib/schema/strict";
import { confirmationProblem } from "@/lib/schema/confirmations";
import { wizardInput } from "@/lib/schema/wizard";
import { IdentityError, actorOrNull } from "@/lib/people";
import { ensureAuditSubscription } from "@/lib/plans";

export type ReviewResult =
  | { ok: true; plan: Plan; reachable: Record<AccountSide, boolean>; readAt: string }
  | { ok: false; fieldErrors: FieldErrors }
  | { ok: false; message: string };
export type StartResult = { ok: true; runId: string } | { ok: false; fieldErrors: FieldErrors };
export type ProgressResult = { ok: true; run: RunSnapshot } | { ok: false; message: string };

const startRequest = strictObject({
  input: z.unknown(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "Review the plan first: the approved fingerprint is missing."),
  confirm: z.string().max(100).optional(),
  resumeRunId: z.uuid("Not a run id.").optional(),
  otherHalfApplied: z.boolean().optional(),
});

/** Re-reads both accounts and builds the plan on the server: what the Apply page shows and approves. */
export async function reviewPlan(raw: unknown): Promise<ReviewResult> {
  const parsed = wizardInput.safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  const input = parsed.data;
  const unconfirmed = confirmationProblem(input, raw);
  if (unconfirmed) return { ok: false, message: unconfirmed };
  try {
    const plan = await review(input);
    const reachable = { source: accessOf(input.accounts.source) !== undefined, destination: accessOf(input.accounts.destination) !== undefined };
    return { ok: true, plan, reachable, readAt: new Date().toISOString() };
  } catch (err) {
    return { ok: false, message: `Could not read the live state: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Starts an apply (or a resume) in the background; poll applyProgress with the returned run id. */
export async function startApply(raw: { input: unknown; fingerprint: string; confirm?: string; resumeRunId?: string; otherHalfApplied?: boolean }): Promise<StartResult> {
  const request = startRequest.safeParse(raw);
  if (!request.success) return { ok: false, fieldErrors: fieldErrorsOf(request.error) };
  const input = wizardInput.safeParse(request.data.input);
  if (!input.success) {
    const errors = fieldErrorsOf(input.error);
    return { ok: false, fieldErrors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [`input.${k}`, v])) };
  }
  const unconfirmed = confirmationProblem(input.data, request.data.input);
  if (unconfirmed) return { ok: false, fieldErrors: { "input.confirmations": unconfirmed } };
  // The audit log must say who changed the accounts.
  let actor: string;
  try {
    const who = await actorOrNull();
    if (!who) return { ok: false, fieldErrors: { person: "Tell Lockbridge your name first (\"Tell us your name\" in the header): the audit log records who applied." } };
    actor = who.name;
  } catch (err) {
    if (err instanceof IdentityError) return { ok: false, fieldErrors: { person: err.message } };
    throw err;
  }
  ensureAuditSubscription();
  const { fingerprint, confirm, resumeRunId, otherHalfApplied } = request.data;
  return { ok: true, runId: startApplyRun({ input: input.data, fingerprint, confirm, resumeRunId, otherHalfApplied, actor }) };
}

export async function applyProgress(runId: unknown): Promise<ProgressResult> {
  const id = z.uuid().safeParse(runId);
  const run = id.success ? runSnapshot(id.data) : undefined;
  return run ? { ok: true, run } : { ok: false, message: "This run is not known to the server (it may have restarted). Review the plan again." };
}
