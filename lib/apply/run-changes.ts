import "server-only";
// Executes the runnable changes as a dependency graph: each change starts as soon as the changes it
// depends on (lib/plan DEPENDS_ON, kept in Change.dependsOn) are done, so independent changes of the two
// accounts run in parallel. The first failure stops everything not yet started; calls already in flight
// finish and are reported. Nothing is rolled back.
import { ChangeError, executeChange, type WriteEvent } from "@/lib/aws/execute";
import { toFailure } from "@/lib/aws/errors";
import type { Backoff } from "@/lib/aws/retry";
import type { SideClients } from "@/lib/aws/session";
import type { Change, ChangeId } from "@/lib/plan/types";
import type { RunRecord } from "./runs";
import type { ChangeRun } from "./types";

type Options = { backoff?: Backoff; onWrite: (e: WriteEvent) => void };

function failureOf(err: unknown): NonNullable<ChangeRun["error"]> {
  if (err instanceof ChangeError) return { code: err.code, message: err.message, ...(err.requestId ? { requestId: err.requestId } : {}) };
  const f = toFailure(err);
  return { code: f.code, message: f.message, ...(f.requestId ? { requestId: f.requestId } : {}) };
}

export async function executeAll(record: RunRecord, runnable: Change[], clients: SideClients, opts: Options): Promise<void> {
  const snap = record.snapshot;
  const byId = new Map(runnable.map((c) => [c.id, c]));
  const view = (id: ChangeId) => snap.changes.find((c) => c.id === id)!;
  const started = new Map<ChangeId, Promise<boolean>>();
  let stopped = false;

  const runOne = (c: Change): Promise<boolean> => {
    const existing = started.get(c.id);
    if (existing) return existing;
    const p = (async () => {
      // Dependencies outside `runnable` are no-ops (already as planned) or accepted as met.
      const deps = await Promise.all(c.dependsOn.filter((d) => byId.has(d)).map((d) => runOne(byId.get(d)!)));
      const v = view(c.id);
      if (stopped || !deps.every(Boolean)) {
        v.note = "Not started: an earlier step failed";
        return false;
      }
      const clientsOf = clients[c.account];
      v.state = "running";
      try {
        if (!clientsOf) throw new ChangeError("NoAccess", `No access to the ${c.account} account.`);
        const result = await executeChange(c, clientsOf, {
          backoff: opts.backoff,
          onNote: (note) => (v.note = note),
          onWrite: (e) => {
            // Touched = a write was sent (it may have landed even if the call failed); see resume.ts.
            record.touched.add(c.id);
            if (e.requestId) v.requestIds.push(e.requestId);
            opts.onWrite(e);
          },
        });
        v.state = "done";
        v.note = result.requestIds.length > 0 ? undefined : v.note;
        record.written.add(c.id);
        return true;
      } catch (err) {
        stopped = true;
        v.state = "failed";
        v.error = failureOf(err);
        v.note = undefined;
        snap.failure ??= {
          changeId: c.id,
          step: c.description,
          code: v.error.code,
          message: v.error.message,
          ...(v.error.requestId ? { requestId: v.error.requestId } : {}),
          alreadyChanged: [],
        };
        return false;
      }
    })();
    started.set(c.id, p);
    return p;
  };

  await Promise.all(runnable.map(runOne));
  if (snap.failure) {
    snap.failure.alreadyChanged = snap.changes
      .filter((c) => c.state === "done" || c.appliedEarlier)
      .map((c) => ({ id: c.id, description: c.description, requestIds: c.requestIds }));
  }
}
