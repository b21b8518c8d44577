"use server";
// Server actions are public endpoints, each through serverAction (lib/http/action.ts): the wizard's own
// schema, who is acting, permission, allowed accounts, approval. The client sends only the wizard input,
// the fingerprint it approved and its typed confirmation; the server re-reads both accounts and
// recomputes the plan. No document from the client is ever used.
import { z } from "zod";
import { reviewPlan as review } from "@/lib/apply/review";
import { runSnapshot } from "@/lib/apply/runs";
import { startApplyRun } from "@/lib/apply/start";
import type { RunSnapshot } from "@/lib/apply/types";
import { accessOf } from "@/lib/aws/connect";
import { env } from "@/lib/env";
import { serverAction } from "@/lib/http/action";
import { wizardApplyApproval } from "@/lib/people/approval";
import type { AccountSide, Plan } from "@/lib/plan";
import { ensureAuditSubscription } from "@/lib/workflow";
import type { FieldErrors } from "@/lib/schema/errors";
import { strictObject } from "@/lib/schema/strict";
import { confirmationProblem } from "@/lib/schema/confirmations";
import { wizardInput } from "@/lib/schema/wizard";

export type ReviewResult =
  | { ok: true; plan: Plan; reachable: Record<AccountSide, boolean>; readAt: string; requireApproval: boolean }
  | { ok: false; fieldErrors: FieldErrors }
  | { ok: false; message: string };
export type StartResult =
  { ok: true; runId: string } | { ok: false; fieldErrors: FieldErrors } | { ok: false; message: string; fieldErrors?: FieldErrors };
export type ProgressResult = { ok: true; run: RunSnapshot } | { ok: false; message: string };

const accounts = (input: z.output<typeof wizardInput>) => ({ accounts: input.accounts, prefix: "accounts." });

const startRequest = strictObject({
  input: wizardInput,
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "Review the plan first: the approved fingerprint is missing."),
  confirm: z.string().max(100).optional(),
  resumeRunId: z.uuid("Not a run id.").optional(),
  otherHalfApplied: z.boolean().optional(),
});

/** Re-reads both accounts and builds the plan on the server: what the Apply page shows and approves. */
export const reviewPlan = serverAction({
  name: "reviewPlan",
  input: wizardInput,
  permission: "read",
  accounts,
  run: async (input, { raw }): Promise<ReviewResult> => {
    // The irreversible Object Lock step must be confirmed for exactly this bucket and retention.
    const unconfirmed = confirmationProblem(input, raw);
    if (unconfirmed) return { ok: false, message: unconfirmed };
    try {
      const plan = await review(input);
      const reachable = {
        source: accessOf(input.accounts.source) !== undefined,
        destination: accessOf(input.accounts.destination) !== undefined,
      };
      // With approval required the page offers "Save for approval" instead of Apply.
      return { ok: true, plan, reachable, readAt: new Date().toISOString(), requireApproval: env().requireApproval };
    } catch (err) {
      return { ok: false, message: `Could not read the live state: ${err instanceof Error ? err.message : String(err)}` };
    }
  },
});

/** Starts an apply (or a resume) in the background; poll applyProgress with the returned run id. */
export const startApply = serverAction({
  name: "startApply",
  input: startRequest,
  permission: "apply",
  accounts: (r) => accounts(r.input),
  approval: async () => wizardApplyApproval(),
  run: async (r, { actor, raw }): Promise<StartResult> => {
    const unconfirmed = confirmationProblem(r.input, (raw as { input?: unknown } | undefined)?.input);
    if (unconfirmed) return { ok: false, message: unconfirmed, fieldErrors: { "input.confirmations": unconfirmed } };
    // Every write event is recorded in the audit log with this actor (lib/workflow/audit.ts).
    ensureAuditSubscription();
    const { input, fingerprint, confirm, resumeRunId, otherHalfApplied } = r;
    return { ok: true, runId: startApplyRun({ input, fingerprint, confirm, resumeRunId, otherHalfApplied, actor: actor.name }) };
  },
});

export const applyProgress = serverAction({
  name: "applyProgress",
  input: z.uuid("Not a run id."),
  permission: "read",
  run: async (runId): Promise<ProgressResult> => {
    const run = runSnapshot(runId);
    return run ? { ok: true, run } : { ok: false, message: "This run is not known to the server. Review the plan again." };
  },
});
