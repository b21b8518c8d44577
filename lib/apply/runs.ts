import "server-only";
// Run registry: runId → run state, so the Apply page can poll progress and a failed run can be resumed.
// Live runs are in memory (kept on globalThis so route bundles share one map) AND in the store's
// apply_runs table, so a resume token outlives a restart:
// - a run is saved when it is created, when its approved baseline is set, each time a change is
//   marked touched (before its write is sent) or written, and when it finishes (finishedAt is set);
// - getRun/runSnapshot fall back to the store for a run this process does not hold;
// - at server start (instrumentation.ts → recoverInterruptedRuns) a run still "running" in the store was
//   interrupted: it becomes "failed", and a saved plan left in `applying` becomes failed with an
//   "Interrupted" error and an audit entry. Both can then be resumed like any failed run.
// Saving is synchronous (SQLite), so what a resume relies on is on disk before AWS is called.
import { randomUUID } from "node:crypto";
import { discoveryTargets } from "@/lib/plan/observed";
import type { ChangeId } from "@/lib/plan/types";
import { auditLog, plans, runStore, scrubString, type RunRow } from "@/lib/store";
import type { WizardInput } from "@/lib/schema/wizard";
import type { Baseline } from "./resume";
import type { RunSnapshot } from "./types";

export type RunRecord = {
  snapshot: RunSnapshot;
  /** The approved plan this run (or the run it resumes) executes against. Set once approval passed. */
  baseline?: Baseline;
  /** Changes whose write was sent by this run or an earlier one it resumes (done, or failed: it may have landed). */
  touched: Set<ChangeId>;
  /** Of those, the ones that succeeded. */
  written: Set<ChangeId>;
};

const MAX_RUNS = 200;
const g = globalThis as { __lockbridgeRuns?: Map<string, RunRecord> };
const runs = (g.__lockbridgeRuns ??= new Map<string, RunRecord>());

/** The saved plan of each run started for one (set by lib/workflow before the run starts). */
const planOf = ((globalThis as { __lockbridgeRunPlans?: Map<string, string> }).__lockbridgeRunPlans ??= new Map());

/**
 * A copy whose free texts (messages, AWS error texts, notes) hold no credentials: an AWS error can quote a
 * signed request. Documents and hand-over files are left as they are (they are policies, and the files are
 * run by another admin, so a changed value would be wrong).
 */
export function withoutSecrets(s: RunSnapshot): RunSnapshot {
  const clean = (t: string) => scrubString(t).value;
  const c = structuredClone(s);
  c.message = clean(c.message);
  if (c.refusal) c.refusal = { reason: clean(c.refusal.reason), details: c.refusal.details.map(clean) };
  if (c.failure) c.failure.message = clean(c.failure.message);
  for (const ch of c.changes) {
    if (ch.note) ch.note = clean(ch.note);
    if (ch.error) ch.error.message = clean(ch.error.message);
  }
  return c;
}

function save(record: RunRecord): void {
  const s = record.snapshot;
  const row: RunRow = {
    run_id: s.runId,
    plan_id: planOf.get(s.runId) ?? null,
    status: s.status,
    actor: s.actor ?? null,
    snapshot_json: JSON.stringify(withoutSecrets(s)),
    baseline_json: record.baseline ? JSON.stringify(record.baseline) : null,
    touched_json: JSON.stringify([...record.touched]),
    written_json: JSON.stringify([...record.written]),
    started_at: s.startedAt,
    updated_at: new Date().toISOString(),
  };
  runStore().saveRun(row);
}

/** A Set that saves its run whenever a member is added (touched/written are only ever added to). */
class SavedSet extends Set<ChangeId> {
  constructor(
    private readonly onAdd: () => void,
    items: Iterable<ChangeId> = [],
  ) {
    super(items);
  }
  override add(id: ChangeId): this {
    const had = this.has(id);
    super.add(id);
    if (!had && this.onAdd) this.onAdd();
    return this;
  }
}

/** Makes `record` save itself: baseline, touched, written and the end of the run (finishedAt). */
function durable(
  snapshot: RunSnapshot,
  baseline: Baseline | undefined,
  touched: Iterable<ChangeId>,
  written: Iterable<ChangeId>,
): RunRecord {
  const record = {} as RunRecord;
  const persist = () => save(record);
  let b = baseline;
  let t: Set<ChangeId> = new SavedSet(persist, touched);
  let w: Set<ChangeId> = new SavedSet(persist, written);
  Object.defineProperties(record, {
    snapshot: { value: snapshot, enumerable: true },
    baseline: { enumerable: true, get: () => b, set: (v: Baseline | undefined) => ((b = v), persist()) },
    // The engine copies a resumed run's sets in; keep them saving.
    touched: { enumerable: true, get: () => t, set: (v: Iterable<ChangeId>) => ((t = new SavedSet(persist, v)), persist()) },
    written: { enumerable: true, get: () => w, set: (v: Iterable<ChangeId>) => ((w = new SavedSet(persist, v)), persist()) },
  });
  // The engine sets finishedAt last, whatever the outcome: that is when the final state is saved.
  let finishedAt = snapshot.finishedAt;
  Object.defineProperty(snapshot, "finishedAt", {
    enumerable: true,
    configurable: true,
    get: () => finishedAt,
    set: (v: string | undefined) => ((finishedAt = v), persist()),
  });
  return record;
}

export function createRun(init: Pick<RunSnapshot, "fingerprint" | "actor" | "resumeOf">, planId?: string): RunRecord {
  const runId = randomUUID();
  if (planId) planOf.set(runId, planId);
  const snapshot: RunSnapshot = {
    runId,
    status: "running",
    message: "Re-reading both accounts…",
    startedAt: new Date().toISOString(),
    changes: [],
    writeCalls: 0,
    ...init,
  };
  const record = durable(snapshot, undefined, [], []);
  // Saved before anything else happens: a run that cannot be recorded does not start (it throws).
  save(record);
  runs.set(runId, record);
  // Oldest first (Map keeps insertion order): forget the oldest finished runs beyond the cap (the store keeps them).
  for (const id of runs.keys()) {
    if (runs.size <= MAX_RUNS) break;
    if (runs.get(id)?.snapshot.status !== "running") runs.delete(id);
  }
  return record;
}

// One apply at a time per bucket pair: two concurrent runs of the same plan would both pass the
// fingerprint check and race each other's whole-document writes.
const h = globalThis as { __lockbridgeActive?: Map<string, string> };
const active = (h.__lockbridgeActive ??= new Map<string, string>());

/** Claims the pair for `runId`; returns the id of the run already holding it, if any. */
export function claimPair(pair: string, runId: string): string | undefined {
  const holder = active.get(pair);
  if (holder && holder !== runId && runs.get(holder)?.snapshot.status === "running") return holder;
  active.set(pair, runId);
  return undefined;
}

export function releasePair(pair: string, runId: string): void {
  if (active.get(pair) === runId) active.delete(pair);
}

function load(runId: string): RunRecord | undefined {
  const row = runStore().getRun(runId);
  if (!row) return undefined;
  const snapshot = JSON.parse(row.snapshot_json) as RunSnapshot;
  const record = durable(
    snapshot,
    row.baseline_json ? (JSON.parse(row.baseline_json) as Baseline) : undefined,
    JSON.parse(row.touched_json),
    JSON.parse(row.written_json),
  );
  if (row.plan_id) planOf.set(runId, row.plan_id);
  return record;
}

// Whole documents shared between plans: a vault's bucket policy and key policy take principals from every
// source, a source bucket's replication configuration holds rules to every vault, and one role may serve
// several pairs. Applies touching the same document run one after the other (first come, first served),
// so the later one re-reads and re-plans after the earlier one's writes; approval then refuses it if its
// documents changed, instead of two runs racing and the last write dropping the other's principal.
const l = globalThis as { __lockbridgeDocumentQueues?: Map<string, Promise<void>> };
const queues = (l.__lockbridgeDocumentQueues ??= new Map<string, Promise<void>>());

/** The shared documents an apply of `input` may write, as lock keys. */
export function documentKeys(input: WizardInput): string[] {
  const { source, destination } = input.accounts;
  const role = discoveryTargets(input).roleName;
  return [
    `bucket:${source.accountId}/${source.bucket}`,
    `bucket:${destination.accountId}/${destination.bucket}`,
    `role:${source.accountId}/${role}`,
    ...(input.encryption.mode === "sse-kms" ? [`key:${input.encryption.destinationKeyArn}`] : []),
  ];
}

/**
 * Waits until no earlier apply holds any of `keys`, then holds them until the returned release is called.
 * All keys are queued at once (synchronously), so two applies can never wait for each other.
 */
export async function lockDocuments(keys: string[], onWait?: () => void): Promise<() => void> {
  const unique = [...new Set(keys)];
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const earlier = unique.flatMap((k) => {
    const previous = queues.get(k);
    queues.set(k, mine);
    return previous ? [previous] : [];
  });
  if (earlier.length > 0) {
    onWait?.();
    await Promise.all(earlier);
  }
  return () => {
    release();
    for (const k of unique) if (queues.get(k) === mine) queues.delete(k);
  };
}

export function getRun(runId: string): RunRecord | undefined {
  const live = runs.get(runId);
  if (live) return live;
  // Not run by this process: a finished or interrupted run from the store (never "running" here, as
  // recoverInterruptedRuns marked those failed at start).
  const stored = load(runId);
  if (stored && stored.snapshot.status !== "running") runs.set(runId, stored);
  return stored;
}

/** A copy, safe to hand to a server action's caller while the run keeps going. */
export function runSnapshot(runId: string): RunSnapshot | undefined {
  const r = getRun(runId);
  return r ? withoutSecrets(r.snapshot) : undefined;
}

export const INTERRUPTED_CODE = "Interrupted";
const INTERRUPTED =
  "The Lockbridge server stopped while this run was in progress, so it is not known whether its last write landed. Apply again to resume: Lockbridge re-reads both accounts and continues from what is already in place.";

/**
 * At server start, before any request: runs left "running" by a previous process are failed, and saved
 * plans left in `applying` become failed (interrupted) with an audit entry, so they can be resumed,
 * re-planned or rolled back. Returns the ids of the plans it moved.
 */
export async function recoverInterruptedRuns(): Promise<string[]> {
  const store = runStore();
  for (const row of store.runsWithStatus("running")) {
    if (runs.has(row.run_id)) continue; // live in this process
    const record = load(row.run_id)!;
    Object.assign(record.snapshot, { status: "failed", message: `Interrupted. ${INTERRUPTED}` });
    record.snapshot.finishedAt = new Date().toISOString(); // saves
  }
  const moved: string[] = [];
  const lifecycle = plans();
  const { plans: applying } = await lifecycle.list({ status: "applying", limit: 1000 });
  for (const summary of applying) {
    const rec = await lifecycle.get(summary.id);
    if (!rec || rec.status !== "applying" || !rec.run) continue;
    if (runs.get(rec.run.runId)?.snapshot.status === "running") continue;
    const actor = rec.run.by;
    await lifecycle.markFailed(rec.id, { runId: rec.run.runId, actor, error: { code: INTERRUPTED_CODE, message: INTERRUPTED } });
    await auditLog().appendAudit({
      actor: `${actor.name} (run interrupted; recorded at server start)`,
      planId: rec.id,
      runId: rec.run.runId,
      account: "destination",
      accountId: rec.input.accounts.destination.accountId,
      api: "RunInterrupted",
      target: rec.input.accounts.destination.bucket,
      result: "failed",
      errorCode: INTERRUPTED_CODE,
      errorMessage: INTERRUPTED,
      before: null,
      after: null,
    });
    moved.push(rec.id);
  }
  return moved;
}
