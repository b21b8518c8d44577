import "server-only";
// Run registry: runId → run state, in memory, so the Apply page can poll progress and a failed run can
// be resumed. Kept on globalThis so Next.js dev reloads and separate route bundles share one map.
// Lost on restart by design: a resume token then no longer exists and the user reviews again.
import { randomUUID } from "node:crypto";
import { discoveryTargets } from "@/lib/plan/observed";
import type { ChangeId } from "@/lib/plan/types";
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

export function createRun(init: Pick<RunSnapshot, "fingerprint" | "actor" | "resumeOf">): RunRecord {
  const runId = randomUUID();
  const record: RunRecord = {
    snapshot: { runId, status: "running", message: "Re-reading both accounts…", startedAt: new Date().toISOString(), changes: [], writeCalls: 0, ...init },
    touched: new Set(),
    written: new Set(),
  };
  runs.set(runId, record);
  // Oldest first (Map keeps insertion order): forget the oldest runs beyond the cap.
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
  return runs.get(runId);
}

/** A copy, safe to hand to a server action's caller while the run keeps going. */
export function runSnapshot(runId: string): RunSnapshot | undefined {
  const r = runs.get(runId);
  return r ? structuredClone(r.snapshot) : undefined;
}
