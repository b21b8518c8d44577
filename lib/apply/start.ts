import "server-only";
// Background runs for the Apply page: start returns the run id at once; the page polls runSnapshot.
// Write events fan out to subscribers (the audit log subscribes; no subscriber sees credentials,
// because events carry documents, ids and request IDs only).
import { applyPlan, type ApplyOptions } from "./apply";
import { createRun } from "./runs";
import type { ApplyEvent } from "./types";

type Listener = (event: ApplyEvent) => void;
const g = globalThis as { __lockbridgeApplyListeners?: Set<Listener> };
const listeners = (g.__lockbridgeApplyListeners ??= new Set<Listener>());

/** Subscribe to every write call of every run; returns the unsubscribe function. */
export function subscribeApplyEvents(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function publish(event: ApplyEvent): void {
  for (const l of listeners) {
    try {
      l(event);
    } catch {
      // A failing subscriber must not stop an apply half-way.
    }
  }
}

/** Starts an apply in the background and returns its run id (the resume token if it fails). */
export function startApplyRun(opts: Omit<ApplyOptions, "record" | "onEvent">): string {
  const record = createRun({ fingerprint: opts.fingerprint, actor: opts.actor, resumeOf: opts.resumeRunId });
  // applyPlan never rejects: every failure ends up in the run's snapshot.
  void applyPlan({ ...opts, record, onEvent: publish });
  return record.snapshot.runId;
}
