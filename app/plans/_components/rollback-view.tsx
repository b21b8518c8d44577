// The review view of a rollback plan: per step, the live document now (the change's `before`) against
// what will be restored (its `after`, or that it will be deleted), whether live still matches what
// Lockbridge wrote (a plan error on that step), and what cannot be undone at all (Object Lock, versioning).
import Link from "next/link";
import { DiffView } from "@/components/diff-view";
import { JsonView } from "@/components/json-view";
import { PlanProblems } from "@/components/plan-problems";
import { formatTime } from "@/components/time";
import { prettyJson } from "@/lib/plan";
import { documentDiff } from "@/lib/plan/diff";
import type { RollbackPlan } from "@/lib/plan/rollback";
import { CHANGE_WORDS } from "./change-words";

export function RollbackView({ plan, applied }: { plan: RollbackPlan; applied: boolean }) {
  const r = plan.rollback;
  return (
    <div className="stack">
      <p className="notice">
        <strong>
          Rollback of plan <Link href={`/plans/${r.of}`}>{r.of.slice(0, 8)}</Link>
        </strong>
        Restores the documents recorded as &quot;before&quot; in the audit log, in reverse apply order. Each step runs only if the live
        document is still exactly what Lockbridge wrote (checked {formatTime(r.checkedAt)}, and again right before each write).
      </p>
      <PlanProblems errors={plan.errors} warnings={plan.warnings} />
      <section aria-labelledby="rollback-steps" className="stack-sm">
        <h2 id="rollback-steps">Rollback calls, in order</h2>
        {r.steps.map((s, i) => {
          const change = plan.changes.find((c) => c.id === s.changeId);
          const problem = plan.errors.find((e) => e.path === `rollback.${s.changeId}`)?.message;
          const restored = change?.kind === "no-op";
          const current = change ? change.before : s.expectedCurrent;
          return (
            <details key={s.auditSeq} className="doc-card" open data-rollback-step={s.changeId}>
              <summary>
                <span className="doc-title">
                  {i + 1}. <span className="mono">{s.action}</span> {s.target}
                </span>
                <span className="doc-meta">
                  <span className="badge">{s.account === "source" ? "Source account" : "Destination account"}</span>{" "}
                  {applied ? (
                    <span className="badge badge-no-op">applied</span>
                  ) : problem ? (
                    <span className="badge badge-danger">live changed</span>
                  ) : restored ? (
                    <span className="badge badge-no-op">already restored</span>
                  ) : (
                    <span className="badge badge-update">would restore</span>
                  )}
                </span>
              </summary>
              <div className="doc-body">
                <p className="doc-desc">{s.description}</p>
                {applied ? (
                  <p className="muted">
                    Applied; the document below is the live state when this rollback was planned. The audit log has each call.
                  </p>
                ) : null}
                {problem ? <p className="notice notice-error">{problem}</p> : null}
                {s.restore === null ? (
                  <>
                    <p>Deleted. Live now:</p>
                    <JsonView text={prettyJson(current)} label={`${s.action} ${s.target}: live document`} />
                  </>
                ) : (
                  <DiffView
                    lines={documentDiff(current, s.restore)}
                    label={`${s.action} ${s.target}: restore against live`}
                    against="the live document now"
                  />
                )}
              </div>
            </details>
          );
        })}
      </section>
      {r.irreversible.length > 0 ? (
        <section aria-labelledby="rollback-irreversible" className="notice notice-warn">
          <h2 id="rollback-irreversible">Cannot be rolled back</h2>
          <ul className="problem-list">
            {r.irreversible.map((i) => (
              <li key={i.changeId}>
                <span className="badge badge-danger">irreversible</span> <span className="mono">{i.action}</span> {i.target}: {i.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {r.notApplied.length > 0 ? (
        <p className="muted">Not written by the plan, nothing to undo: {r.notApplied.map((c) => CHANGE_WORDS[c] ?? c).join("; ")}.</p>
      ) : null}
    </div>
  );
}
