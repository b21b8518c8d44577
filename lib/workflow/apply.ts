import "server-only";
// Apply a saved, approved plan: check drift first (re-read, re-plan, compare with the approved plan and
// say WHAT drifted), claim the plan atomically (claimForApply: of two people clicking Apply, one wins),
// run the apply engine in the background with every write sent to the audit log, then record the
// outcome (markApplied / markFailed). Rollback plans run their own executor (rollback-apply.ts).
import { applyPlan } from "@/lib/apply/apply";
import { createRun, getRun, runSnapshot } from "@/lib/apply/runs";
import type { RunSnapshot } from "@/lib/apply/types";
import { LifecycleError, plans, type Actor, type PlanRecord, type RunError } from "@/lib/store";
import { planAuditWriter } from "./audit";
import { describeDrift, planNow } from "./live";
import { isRollbackPlan } from "./rollback";
import { runRollback, type RollbackRun } from "./rollback-apply";

export type StartApplyResult =
  | { ok: true; kind: "apply"; runId: string }
  | { ok: true; kind: "rollback"; run: RollbackRun }
  | { ok: false; message: string; details?: string[] };

function approvedFingerprint(rec: PlanRecord): string {
  if (rec.status !== "approved" && rec.status !== "failed") {
    throw new LifecycleError("invalid-transition", `Only an approved plan can be applied; this one is ${rec.status}.`);
  }
  if (!rec.approval) throw new LifecycleError("invalid-transition", "This plan has no approval.");
  return rec.approval.fingerprint;
}

/** The outcome of an apply run, recorded on the plan. */
async function finish(id: string, runId: string, actor: Actor, snap: RunSnapshot): Promise<void> {
  const lifecycle = plans();
  try {
    if (snap.status === "succeeded" || snap.status === "nothing-to-change") {
      await lifecycle.markApplied(id, { runId, actor });
      return;
    }
    const details = snap.refusal ? ` ${snap.refusal.reason} ${snap.refusal.details.join(" ")}` : "";
    const error: RunError = snap.failure
      ? { changeId: snap.failure.changeId, code: snap.failure.code, message: snap.failure.message }
      : { code: snap.status === "partial" ? "Partial" : snap.status === "refused" ? "Refused" : "Failed", message: `${snap.message}${details}`.trim() };
    await lifecycle.markFailed(id, { runId, actor, error });
  } catch (err) {
    console.error(`plan ${id}: could not record the end of run ${runId}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function startPlanApply(id: string, actor: Actor, confirm: string | undefined): Promise<StartApplyResult> {
  const lifecycle = plans();
  const rec = await lifecycle.get(id);
  if (!rec) throw new LifecycleError("not-found", `There is no saved plan ${id}.`);
  const fingerprint = approvedFingerprint(rec);
  if (isRollbackPlan(rec.plan)) return applyRollback(rec, fingerprint, actor);

  const irreversible = rec.plan.changes.filter((c) => c.irreversible && c.kind !== "no-op");
  const bucket = rec.input.accounts.destination.bucket;
  if (irreversible.length > 0 && confirm?.trim() !== bucket) {
    return { ok: false, message: `Type the destination bucket name (${bucket}) to confirm changes that can never be undone.`, details: irreversible.map((c) => c.description) };
  }
  // A retry resumes the failed run when this server still knows it (the engine then accepts our own
  // writes as the only drift); otherwise the live plan must be exactly the approved one.
  const resumable = rec.status === "failed" && rec.run && getRun(rec.run.runId)?.baseline?.fingerprint === fingerprint ? rec.run.runId : undefined;
  if (!resumable) {
    const { plan: now } = await planNow(rec.input);
    if (now.fingerprint !== fingerprint) {
      return { ok: false, message: "Live state drifted since approval: nothing was changed. Re-plan, then have the new plan reviewed and approved.", details: describeDrift(rec.plan, now) };
    }
  }
  const run = createRun({ fingerprint, actor: actor.name, resumeOf: resumable }, id);
  const runId = run.snapshot.runId;
  try {
    await lifecycle.claimForApply(id, fingerprint, actor, runId);
  } catch (err) {
    Object.assign(run.snapshot, { status: "refused", message: err instanceof Error ? err.message : String(err), finishedAt: new Date().toISOString() });
    throw err;
  }
  void applyPlan({ input: rec.input, fingerprint, actor: actor.name, confirm, resumeRunId: resumable, record: run, onEvent: planAuditWriter(id, rec.plan, actor.name) }).then((snap) =>
    finish(id, runId, actor, snap),
  );
  return { ok: true, kind: "apply", runId };
}

/** Rollbacks are a handful of calls: run to the end inside the request and return every step's result. */
async function applyRollback(rec: PlanRecord, fingerprint: string, actor: Actor): Promise<StartApplyResult> {
  if (!isRollbackPlan(rec.plan)) throw new Error("not a rollback plan");
  const lifecycle = plans();
  const runId = crypto.randomUUID();
  await lifecycle.claimForApply(rec.id, fingerprint, actor, runId);
  let run: RollbackRun;
  try {
    run = await runRollback(rec.plan.rollback.steps, { planId: rec.id, runId, actor: actor.name, input: rec.input });
  } catch (err) {
    run = { status: "failed", message: `Rollback stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}`, steps: [] };
  }
  if (run.status === "succeeded") await lifecycle.markApplied(rec.id, { runId, actor });
  else await lifecycle.markFailed(rec.id, { runId, actor, error: run.failed ?? { code: run.status === "refused" ? "Refused" : "Failed", message: `${run.message} ${run.steps.flatMap((s) => s.note ?? []).join(" ")}`.trim() } });
  return { ok: true, kind: "rollback", run };
}

/** Progress of a saved plan's apply run (the run registry; lost on restart, then the plan's history tells). */
export const planRunProgress = (runId: string) => runSnapshot(runId);
