import "server-only";
// Several sources into one vault as ONE saved plan (lib/plan/onboard/many-plan.ts): saved, reviewed,
// approved (bound to the fingerprint, four eyes) and applied like a one-source plan, through the same
// run registry (durable progress, resume token), document queue and audit log. Apply re-reads every
// account, re-plans and refuses when the plan is not the approved one; a retry of a failed run continues
// when the only differences are the earlier run's own writes (manyResumeProblems).
import { getRun, createRun, lockDocuments, documentKeys, type RunRecord } from "@/lib/apply/runs";
import { changeRun } from "@/lib/apply/apply";
import { baselineOf } from "@/lib/apply/resume";
import type { RunSnapshot } from "@/lib/apply/types";
import { ChangeError, executeChange } from "@/lib/aws/execute";
import { toFailure } from "@/lib/aws/errors";
import type { Backoff } from "@/lib/aws/retry";
import { discoverManySources, identityRefusal, reachAll } from "@/lib/aws/many-sources";
import {
  asPlanned,
  buildManySourcesPlan,
  isManyPlan,
  manyDrift,
  manyResumeProblems,
  scopeOf,
  toManyPlan,
  VAULT_SCOPE,
  type ManyPlan,
} from "@/lib/plan/onboard";
import { buildPlan } from "@/lib/plan/build";
import { preflight, type PreflightResult } from "@/lib/plan/diagnostics";
import type { ObservedState } from "@/lib/plan/observed";
import type { SourceObserved, VaultObserved } from "@/lib/plan/onboard";
import type { Change } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";
import { LifecycleError, plans, type Actor, type PlanRecord } from "@/lib/store";
import { appendSafely, auditEntryOf } from "./audit";
import { diagnosticsOf } from "./live";

export { isManyPlan, type ManyPlan };

/** Reads every source and the vault with their own access and builds the plan now. */
export async function manyPlanNow(given: WizardInput[], sharedRole: boolean): Promise<ManyPlan> {
  // Read the role the plan will use: with one role per account, the shared role, not each bucket's own.
  const inputs = given.map((i) => asPlanned(i, { sharedRole }));
  const reach = reachAll(inputs);
  try {
    const { vault, sources } = await discoverManySources(inputs, reach);
    return toManyPlan(buildManySourcesPlan(inputs, vault, sources, { sharedRole }), sharedRole);
  } finally {
    reach.destroy();
  }
}

/**
 * What a plan of several sources looks like against live state now, from ONE read of every account: the
 * plan rebuilt (to name what drifted) and each source's diagnostics against the vault as read.
 */
export async function manyLiveReview(plan: ManyPlan): Promise<{ now: ManyPlan; preflights: PreflightResult[] }> {
  const { inputs, sharedRole } = plan.many;
  const reach = reachAll(inputs);
  try {
    const { vault, sources } = await discoverManySources(inputs, reach);
    const now = toManyPlan(buildManySourcesPlan(inputs, vault, sources, { sharedRole }), sharedRole);
    const preflights = await Promise.all(
      inputs.map((input, i) => {
        const observed: ObservedState = { ...sources[i]!, ...vault };
        return diagnosticsOf(buildPlan(input, observed), observed);
      }),
    );
    return { now, preflights };
  } finally {
    reach.destroy();
  }
}

/** A new draft for several sources, from validated inputs (the server reads every account itself). */
export async function saveManyDraft(inputs: WizardInput[], sharedRole: boolean, actor: Actor): Promise<PlanRecord> {
  if (inputs.length === 0) throw new LifecycleError("invalid-input", "Pick at least one source bucket.");
  const plan = await manyPlanNow(inputs, sharedRole);
  return plans().createDraft(plan.input, plan, actor);
}

/** The plan of a saved multi-source record, re-planned against live state. */
export const replanMany = (plan: ManyPlan) => manyPlanNow(plan.many.inputs, plan.many.sharedRole);

export type ManyStart = { ok: true; kind: "apply"; runId: string } | { ok: false; message: string; details?: string[] };

type RunEnd = (snap: RunSnapshot) => Promise<void>;

/**
 * Starts the apply of an approved (or failed, for a retry) multi-source plan in the background. `end`
 * records the outcome on the plan (markApplied / markFailed), exactly as for one source.
 */
export async function startManyApply(
  rec: PlanRecord & { plan: ManyPlan },
  fingerprint: string,
  actor: Actor,
  confirm: string | undefined,
  end: (runId: string, snap: RunSnapshot) => Promise<void>,
  opts: { backoff?: Backoff } = {},
): Promise<ManyStart> {
  const vault = rec.plan.many.vault.bucket;
  const irreversible = rec.plan.changes.filter((c) => c.irreversible && c.kind !== "no-op");
  if (irreversible.length > 0 && confirm?.trim() !== vault) {
    return {
      ok: false,
      message: `Type the destination bucket name (${vault}) to confirm changes that can never be undone.`,
      details: irreversible.map((c) => c.description),
    };
  }
  const prev = rec.status === "failed" && rec.run ? getRun(rec.run.runId) : undefined;
  const resumable = prev?.baseline?.fingerprint === fingerprint ? rec.run!.runId : undefined;
  if (!resumable) {
    const now = await replanMany(rec.plan);
    if (now.fingerprint !== fingerprint) {
      return {
        ok: false,
        message: "Live state drifted since approval: nothing was changed. Re-plan, then have the new plan reviewed and approved.",
        details: manyDrift(rec.plan, now),
      };
    }
  }
  const record = createRun({ fingerprint, actor: actor.name, resumeOf: resumable }, rec.id);
  const runId = record.snapshot.runId;
  try {
    await plans().claimForApply(rec.id, fingerprint, actor, runId);
  } catch (err) {
    Object.assign(record.snapshot, {
      status: "refused",
      message: err instanceof Error ? err.message : String(err),
      finishedAt: new Date().toISOString(),
    });
    throw err;
  }
  const finish: RunEnd = (snap) => end(runId, snap);
  void runMany(record, rec, fingerprint, actor, confirm, prev, opts)
    .catch((err: unknown) => {
      record.snapshot.status = "failed";
      record.snapshot.message = `Apply stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}`;
    })
    .finally(() => {
      record.snapshot.finishedAt = new Date().toISOString();
    })
    .then(() => finish(structuredClone(record.snapshot)));
  return { ok: true, kind: "apply", runId };
}

/**
 * The same preflight as a one-source apply, per source (its bucket, role and key with the vault as read):
 * an error-severity diagnostic means replication would not work even after this apply (Requester Pays on
 * the vault, an explicit Deny, a disabled key), so nothing is written.
 */
async function blockingDiagnostics(inputs: WizardInput[], vault: VaultObserved, sources: SourceObserved[]): Promise<string[]> {
  const out: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const observed: ObservedState = { ...sources[i]!, ...vault };
    const { diagnostics } = await preflight(buildPlan(input, observed), observed);
    for (const d of diagnostics) if (d.severity === "error") out.push(`${input.accounts.source.bucket}: ${d.message} Fix: ${d.fix}`);
  }
  return [...new Set(out)];
}

function refuse(snap: RunSnapshot, reason: string, details: string[]): void {
  snap.status = "refused";
  snap.refusal = { reason, details };
  snap.message = `Nothing was changed. ${reason}`;
}

async function runMany(
  record: RunRecord,
  rec: PlanRecord & { plan: ManyPlan },
  fingerprint: string,
  actor: Actor,
  confirm: string | undefined,
  prev: RunRecord | undefined,
  opts: { backoff?: Backoff },
): Promise<void> {
  const snap = record.snapshot;
  const { inputs, sharedRole } = rec.plan.many;
  // The vault's policies, every source's bucket and role: applies writing any of them run one at a time.
  const unlock = await lockDocuments(inputs.flatMap(documentKeys), () => {
    snap.message = "Waiting for another apply that writes the same bucket, key or role documents to finish…";
  });
  let reach: ReturnType<typeof reachAll> | undefined;
  try {
    reach = reachAll(inputs);
    snap.message = "Re-reading every source account and the vault…";
    const { vault, sources } = await discoverManySources(inputs, reach);
    const now = toManyPlan(buildManySourcesPlan(inputs, vault, sources, { sharedRole }), sharedRole);
    const identity = await identityRefusal(inputs, reach);
    if (identity) return refuse(snap, "The credentials do not act in the accounts you typed.", [identity]);
    snap.planFingerprint = now.fingerprint;
    if (prev?.baseline?.fingerprint === fingerprint) {
      record.baseline = prev.baseline;
      record.touched = new Set(prev.touched);
      record.written = new Set(prev.written);
    }
    snap.changes = now.changes.map((c) => changeRun(c, c.kind === "no-op" ? { skip: "no-op" } : undefined, record));
    if (now.changes.every((c) => c.kind === "no-op")) {
      snap.status = "nothing-to-change";
      snap.message = "Nothing to change: every source and the vault already match the plan.";
      return;
    }
    if (record.baseline && now.fingerprint !== fingerprint) {
      const problems = manyResumeProblems(rec.plan, now, record.written, record.touched);
      if (problems.length > 0)
        return refuse(snap, "State changed since the approved plan, beyond Lockbridge's own writes. Review the plan again.", problems);
    } else if (now.fingerprint !== fingerprint) {
      return refuse(snap, "The plan changed since review (input or live state). Review the plan again.", manyDrift(rec.plan, now));
    } else {
      record.baseline = baselineOf(now);
    }
    if (!now.applyable)
      return refuse(
        snap,
        "The plan has errors and cannot be applied.",
        now.errors.map((e) => `${e.path}: ${e.message}`),
      );
    const blocking = await blockingDiagnostics(inputs, vault, sources);
    if (blocking.length > 0)
      return refuse(snap, "Preflight diagnostics found problems that would stop replication; fix them first.", blocking);
    const runnable = now.changes.filter((c) => c.kind !== "no-op");
    const irreversible = runnable.filter((c) => c.irreversible);
    if (irreversible.length > 0 && confirm?.trim() !== rec.plan.many.vault.bucket) {
      return refuse(
        snap,
        `Type the destination bucket name (${rec.plan.many.vault.bucket}) to confirm changes that can never be undone.`,
        irreversible.map((c) => c.description),
      );
    }
    const clients = reach;
    const clientsOf = (c: Change) => {
      const scope = scopeOf(c.id);
      if (scope === VAULT_SCOPE) return clients.vault;
      const i = rec.plan.many.sources.findIndex((g) => g.scope === scope);
      return i < 0 ? undefined : clients.source(i);
    };
    snap.message = `Applying ${runnable.length} change(s)…`;
    // In the stored order (sources' roles, the vault, the rules), one at a time: two buckets of one
    // account may share a role, and every rule needs the vault ready.
    for (const c of runnable) {
      const v = snap.changes.find((x) => x.id === c.id)!;
      v.state = "running";
      try {
        const clients = clientsOf(c);
        if (!clients) throw new ChangeError("NoAccess", `No access to account ${c.accountId}.`);
        await executeChange(c, clients, {
          backoff: opts.backoff,
          onNote: (note) => (v.note = note),
          onWrite: (e) => {
            // Touched = a write was sent (it may have landed even if the call failed).
            record.touched.add(c.id);
            if (e.requestId) v.requestIds.push(e.requestId);
            snap.writeCalls += 1;
            appendSafely({
              ...auditEntryOf({ ...e, runId: snap.runId, actor: actor.name }, { planId: rec.id, actor: actor.name }),
              changeId: c.id,
              region: c.region,
            });
          },
        });
        v.state = "done";
        v.note = undefined;
        record.written.add(c.id);
      } catch (err) {
        const f = err instanceof ChangeError ? { code: err.code, message: err.message, requestId: err.requestId } : toFailure(err);
        v.state = "failed";
        v.error = { code: f.code, message: f.message, ...(f.requestId ? { requestId: f.requestId } : {}) };
        snap.failure = {
          changeId: c.id,
          step: c.description,
          code: f.code,
          message: f.message,
          ...(f.requestId ? { requestId: f.requestId } : {}),
          alreadyChanged: snap.changes
            .filter((x) => x.state === "done" || x.appliedEarlier)
            .map((x) => ({ id: x.id, description: x.description, requestIds: x.requestIds })),
        };
        for (const rest of snap.changes) if (rest.state === "waiting") rest.note = "Not started: an earlier step failed";
        snap.status = "failed";
        snap.message = `Stopped at "${c.description}" (${c.id}): ${f.code}: ${f.message} Changes already applied stay in place; nothing was rolled back. Fix the cause, then resume.`;
        return;
      }
    }
    snap.status = "succeeded";
    snap.message = `Applied ${runnable.length} change(s) for ${inputs.length} source(s); ${now.changes.length - runnable.length} already as planned.`;
  } finally {
    reach?.destroy();
    unlock();
  }
}

/** The saved record's plan, when it is a plan of several sources. */
export const manyRecord = (rec: PlanRecord): (PlanRecord & { plan: ManyPlan }) | undefined =>
  isManyPlan(rec.plan) ? (rec as PlanRecord & { plan: ManyPlan }) : undefined;
