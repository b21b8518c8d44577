import "server-only";
// The orchestrator: re-read → re-plan → check approval → execute in dependency order → report.
// It never decides what to write (the plan does) and never rolls back: on failure it stops, says what
// failed and what is already changed; applying again with the run id as resume token continues.
import { type WriteEvent } from "@/lib/aws/execute";
import { identityProblems } from "@/lib/aws/identity";
import type { Backoff } from "@/lib/aws/retry";
import { type CallHooks, destroyClients, type SideClients, sideClients } from "@/lib/aws/session";
import { preflight } from "@/lib/plan/diagnostics";
import type { ObservedState } from "@/lib/plan/observed";
import type { Change, Plan } from "@/lib/plan/types";
import type { WizardInput } from "@/lib/schema/wizard";
import { dispositions, handoverOf, type Disposition } from "./handover";
import { acceptResume, baselineOf } from "./resume";
import { explainDrift, planNow } from "./review";
import { executeAll } from "./run-changes";
import { claimPair, createRun, documentKeys, getRun, lockDocuments, releasePair, type RunRecord } from "./runs";
import type { ApplyEvent, ChangeRun, RunSnapshot } from "./types";

export type ApplyOptions = {
  input: WizardInput;
  /** The fingerprint the user reviewed and approved. */
  fingerprint: string;
  actor?: string;
  /** Every write call (audit log). */
  onEvent?: (event: ApplyEvent) => void;
  /** Resume token: the id of an earlier run of the same approved plan. */
  resumeRunId?: string;
  /** The typed destination bucket name, required when the plan has irreversible changes. */
  confirm?: string;
  /** The plan-only account's admin has applied their half: changes waiting on it may go. */
  otherHalfApplied?: boolean;
  /** A record created up front (startApply returns its id before the run ends). */
  record?: RunRecord;
  clients?: SideClients;
  hooks?: CallHooks;
  backoff?: Backoff;
  /**
   * How to build the plan now. Default: discover both accounts and buildPlan(input). A rollback plan
   * brings its own (read the live document of each step); `observed` is then absent and the preflight
   * diagnostics, which are about replication, do not run.
   */
  planner?: (clients: SideClients) => Promise<{ plan: Plan; observed?: ObservedState }>;
  /** Words for the outcome: "Applied" or, for a rollback plan, "Rolled back". */
  purpose?: "apply" | "rollback";
};

type Refusal = { reason: string; details: string[] };

function refuse(snap: RunSnapshot, r: Refusal): void {
  snap.status = "refused";
  snap.refusal = r;
  snap.message = `Nothing was changed. ${r.reason}`;
}

/** Fingerprint check, or the resume rule (lib/apply/resume.ts). Sets the record's baseline when accepted. */
function approve(record: RunRecord, plan: Plan, opts: ApplyOptions): Refusal | undefined {
  const prev = opts.resumeRunId ? getRun(opts.resumeRunId) : undefined;
  if (opts.resumeRunId && !prev) {
    return {
      reason: "This resume token is unknown.",
      details: [`Run ${opts.resumeRunId} is not known to this server (it may have restarted). Review the plan again, then apply.`],
    };
  }
  if (prev?.baseline && prev.baseline.fingerprint === opts.fingerprint) {
    if (prev.snapshot.status === "running") return { reason: "That run is still running.", details: [] };
    record.baseline = prev.baseline;
    record.touched = new Set(prev.touched);
    record.written = new Set(prev.written);
    if (plan.fingerprint === opts.fingerprint) return undefined;
    const reasons = acceptResume(prev.baseline, prev.written, prev.touched, plan);
    return reasons.length > 0
      ? { reason: "State changed since the approved plan, beyond Lockbridge's own writes. Review the plan again.", details: reasons }
      : undefined;
  }
  if (plan.fingerprint !== opts.fingerprint) {
    return {
      reason: "The plan changed since review (input or live state). Review the plan again.",
      details: explainDrift(opts.fingerprint, plan),
    };
  }
  record.baseline = baselineOf(plan);
  return undefined;
}

/** A change as the progress list shows it before it runs: skipped (and why) or waiting. */
export function changeRun(c: Change, d: Disposition | undefined, record: RunRecord): ChangeRun {
  const earlier = record.written.has(c.id) && c.kind === "no-op";
  return {
    id: c.id,
    account: c.account,
    accountId: c.accountId,
    action: c.action,
    target: c.target,
    kind: c.kind,
    description: c.description,
    irreversible: c.irreversible === true,
    state: d?.skip ? "skipped" : "waiting",
    ...(d?.skip ? { skipReason: d.skip } : {}),
    ...(earlier ? { note: "Applied by the run this one resumes", appliedEarlier: true } : d?.note ? { note: d.note } : {}),
    requestIds: [],
  };
}

async function run(record: RunRecord, clients: SideClients, opts: ApplyOptions): Promise<void> {
  const snap = record.snapshot;
  const { input } = opts;
  if (!clients.source && !clients.destination) {
    return refuse(snap, {
      reason: "Both accounts are plan-only: there is nothing this server can apply.",
      details: ["Use the exports on the Review page (AWS CLI, Terraform, plan JSON) and give each account's admin their half."],
    });
  }
  const planner = opts.planner ?? ((c: SideClients) => planNow(input, { clients: c, remember: false }));
  const [{ plan, observed }, identity] = await Promise.all([planner(clients), identityProblems(input, clients)]);
  if (identity.length > 0) return refuse(snap, { reason: "The credentials do not act in the accounts you typed.", details: identity });
  snap.planFingerprint = plan.fingerprint;
  const reachable = { source: clients.source !== undefined, destination: clients.destination !== undefined };
  const d = dispositions(plan, reachable, opts.otherHalfApplied === true);
  // Nothing to write needs no approval match: no call can change anything the reviewer did not see.
  const nothing = plan.changes.every((c) => c.kind === "no-op");
  const refusal = nothing ? undefined : approve(record, plan, opts);
  snap.changes = plan.changes.map((c) => changeRun(c, d.get(c.id), record));
  if (nothing) {
    snap.status = "nothing-to-change";
    snap.message = "Nothing to change: both accounts already match the plan.";
    return;
  }
  if (refusal) return refuse(snap, refusal);
  if (!plan.applyable)
    return refuse(snap, {
      reason: "The plan has errors and cannot be applied.",
      details: plan.errors.map((e) => `${e.path}: ${e.message}`),
    });
  // Error-severity diagnostics mean replication would not work even after this apply (e.g. Requester
  // Pays on the vault, an explicit Deny, a disabled key): writing would only leave a broken setup.
  const blocking = observed ? (await preflight(plan, observed)).diagnostics.filter((x) => x.severity === "error") : [];
  if (blocking.length > 0) {
    return refuse(snap, {
      reason: "Preflight diagnostics found problems that would stop replication; fix them first.",
      details: blocking.map((x) => `${x.message} Fix: ${x.fix}`),
    });
  }
  const runnable = plan.changes.filter((c) => !d.get(c.id)?.skip);
  const irreversible = runnable.filter((c) => c.irreversible);
  if (irreversible.length > 0 && opts.confirm?.trim() !== input.accounts.destination.bucket) {
    return refuse(snap, {
      reason: `Type the destination bucket name (${input.accounts.destination.bucket}) to confirm changes that can never be undone.`,
      details: irreversible.map((c) => c.description),
    });
  }
  snap.handover = handoverOf(plan, reachable, d);
  if (runnable.length === 0) {
    snap.status = "partial";
    snap.message = snap.handover?.message ?? "Nothing this server can apply now.";
    return;
  }
  snap.message = `Applying ${runnable.length} change(s)…`;
  const verb = opts.purpose === "rollback" ? "Rolled back" : "Applied";
  const emit = (e: WriteEvent) => {
    snap.writeCalls += 1;
    opts.onEvent?.({ ...e, runId: snap.runId, ...(opts.actor ? { actor: opts.actor } : {}) });
  };
  await executeAll(record, runnable, clients, { backoff: opts.backoff, onWrite: emit });
  if (snap.failure) {
    const f = snap.failure;
    snap.status = "failed";
    snap.message = `Stopped at "${f.step}": ${f.code}: ${f.message} ${f.alreadyChanged.length} change(s) already applied stay in place; nothing was rolled back. Fix the cause, then resume.`;
  } else if (snap.handover) {
    snap.status = "partial";
    snap.message = `${verb} ${runnable.length} change(s). ${snap.handover.message}`;
  } else {
    snap.status = "succeeded";
    snap.message = `${verb} ${runnable.length} change(s); ${plan.changes.length - runnable.length} already as planned.`;
  }
}

/** Runs one apply to the end and returns its final snapshot (also kept in the run registry). */
export async function applyPlan(opts: ApplyOptions): Promise<RunSnapshot> {
  const record = opts.record ?? createRun({ fingerprint: opts.fingerprint, actor: opts.actor, resumeOf: opts.resumeRunId });
  const pair = `${opts.input.accounts.source.bucket}→${opts.input.accounts.destination.bucket}`;
  const holder = claimPair(pair, record.snapshot.runId);
  if (holder) {
    refuse(record.snapshot, {
      reason: "Another apply for these buckets is running.",
      details: [`Run ${holder} is still running; wait for it to finish.`],
    });
    record.snapshot.finishedAt = new Date().toISOString();
    return structuredClone(record.snapshot);
  }
  const clients = opts.clients ?? sideClients(opts.input, opts.hooks);
  let unlock: (() => void) | undefined;
  try {
    unlock = await lockDocuments(documentKeys(opts.input), () => {
      record.snapshot.message = "Waiting for another apply that writes the same bucket, key or role documents to finish…";
    });
    await run(record, clients, opts);
  } catch (err) {
    // Discovery and planning never throw on valid input; this is a bug or an outage, reported as such.
    record.snapshot.status = "failed";
    record.snapshot.message = `Apply stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    unlock?.();
    if (!opts.clients) destroyClients(clients);
    releasePair(pair, record.snapshot.runId);
    record.snapshot.finishedAt = new Date().toISOString();
  }
  return structuredClone(record.snapshot);
}
