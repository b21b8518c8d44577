import "server-only";
// Apply a saved, approved plan: check drift first (re-read, re-plan, compare with the approved plan and
// say WHAT drifted), claim the plan atomically (claimForApply: of two people clicking Apply, one wins),
// run the apply engine in the background with every write sent to the audit log, then record the
// outcome (markApplied / markFailed). A rollback plan goes through exactly the same steps; only the way
// it is re-planned differs (the live document of each rollback step instead of a wizard discovery).
import { applyPlan } from "@/lib/apply/apply";
import { createRun, getRun, runSnapshot } from "@/lib/apply/runs";
import type { RunSnapshot } from "@/lib/apply/types";
import { LifecycleError, plans, type Actor, type PlanRecord, type RunError } from "@/lib/store";
import { planAuditWriter } from "./audit";
import { describeDrift, planNow } from "./live";
import { manyRecord, startManyApply } from "./many";
import { isRollbackPlan, rollbackPlanNow } from "./rollback";
import type { SideClients } from "@/lib/aws/session";
import type { Plan } from "@/lib/plan/types";

export type StartApplyResult = { ok: true; kind: "apply"; runId: string } | { ok: false; message: string; details?: string[] };

/** How a saved plan is re-planned against live state: its own kind of planner. */
function plannerOf(rec: PlanRecord): ((clients?: SideClients) => Promise<{ plan: Plan }>) | undefined {
  const plan = rec.plan;
  if (!isRollbackPlan(plan)) return undefined;
  return async (clients) => ({ plan: await rollbackPlanNow({ id: plan.rollback.of, plan }, plan.rollback, clients) });
}

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
      : {
          code: snap.status === "partial" ? "Partial" : snap.status === "refused" ? "Refused" : "Failed",
          message: `${snap.message}${details}`.trim(),
        };
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
  // Several sources in one plan: the same approval, run registry and outcome, its own orchestrator.
  const many = manyRecord(rec);
  if (many) return startManyApply(many, fingerprint, actor, confirm, (runId, snap) => finish(id, runId, actor, snap));
  const planner = plannerOf(rec);

  const irreversible = rec.plan.changes.filter((c) => c.irreversible && c.kind !== "no-op");
  const bucket = rec.input.accounts.destination.bucket;
  if (irreversible.length > 0 && confirm?.trim() !== bucket) {
    return {
      ok: false,
      message: `Type the destination bucket name (${bucket}) to confirm changes that can never be undone.`,
      details: irreversible.map((c) => c.description),
    };
  }
  // A retry resumes the failed run when this server still knows it (the engine then accepts our own
  // writes as the only drift); otherwise the live plan must be exactly the approved one.
  const resumable =
    rec.status === "failed" && rec.run && getRun(rec.run.runId)?.baseline?.fingerprint === fingerprint ? rec.run.runId : undefined;
  if (!resumable) {
    const { plan: now } = planner ? await planner() : await planNow(rec.input);
    if (now.fingerprint !== fingerprint) {
      return {
        ok: false,
        message: "Live state drifted since approval: nothing was changed. Re-plan, then have the new plan reviewed and approved.",
        details: describeDrift(rec.plan, now),
      };
    }
  }
  const run = createRun({ fingerprint, actor: actor.name, resumeOf: resumable }, id);
  const runId = run.snapshot.runId;
  try {
    await lifecycle.claimForApply(id, fingerprint, actor, runId);
  } catch (err) {
    Object.assign(run.snapshot, {
      status: "refused",
      message: err instanceof Error ? err.message : String(err),
      finishedAt: new Date().toISOString(),
    });
    throw err;
  }
  void applyPlan({
    input: rec.input,
    fingerprint,
    actor: actor.name,
    confirm,
    resumeRunId: resumable,
    record: run,
    onEvent: planAuditWriter(id, rec.plan, actor.name),
    ...(planner ? { planner, purpose: "rollback" as const } : {}),
  }).then((snap) => finish(id, runId, actor, snap));
  return { ok: true, kind: "apply", runId };
}

/** Progress of a saved plan's apply run (the run registry; lost on restart, then the plan's history tells). */
export const planRunProgress = (runId: string) => runSnapshot(runId);
