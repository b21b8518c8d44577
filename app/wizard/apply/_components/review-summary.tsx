"use client";
// The plan as the server built it just now: what will be written, where, and the typed confirmation for
// changes that can never be undone.
import { PlanProblems } from "@/components/plan-problems";
import type { ReactNode } from "react";
import { formatTime } from "@/components/time";
import { Button } from "@/components/ui/button";
import type { AccountSide, Plan } from "@/lib/plan";

type Props = {
  plan: Plan;
  reachable: Record<AccountSide, boolean>;
  readAt: string;
  confirm: string;
  onConfirm: (v: string) => void;
  otherHalf: boolean;
  onOtherHalf: (v: boolean) => void;
  onApply: () => void;
  /** Shown instead of the confirmation and Apply when this server requires approval (Save for approval). */
  instead?: ReactNode;
  disabled: boolean;
};

const LABEL: Record<AccountSide, string> = { source: "Source", destination: "Destination" };

export function ReviewSummary({ plan, reachable, readAt, confirm, onConfirm, otherHalf, onOtherHalf, onApply, disabled, instead }: Props) {
  const pending = plan.changes.filter((c) => c.kind !== "no-op");
  const bucket = plan.input.accounts.destination.bucket;
  const irreversible = pending.filter((c) => c.irreversible && reachable[c.account]);
  const planOnly = (["source", "destination"] as const).filter((s) => !reachable[s]);
  const confirmed = irreversible.length === 0 || confirm.trim() === bucket;
  const canApply = plan.applyable && pending.length > 0 && confirmed && !disabled;

  return (
    <section className="card stack" aria-labelledby="apply-plan-title">
      <h2 id="apply-plan-title">Plan to apply</h2>
      <p className="muted">
        Read from both accounts at {formatTime(readAt)}. Fingerprint{" "}
        <span className="mono" title={plan.fingerprint}>
          {plan.fingerprint.slice(0, 16)}…
        </span>
        : apply refuses if the input or the live state no longer give this exact plan.
      </p>
      <PlanProblems errors={plan.errors} warnings={plan.warnings} />
      {pending.length === 0 ? (
        <p className="notice notice-ok">
          <strong>Nothing to change</strong>
          Both accounts already match the plan; applying makes no write calls.
        </p>
      ) : (
        <ol className="apply-list" aria-label="Changes to apply, in order">
          {plan.changes.map((c) => (
            <li key={c.id}>
              <span className={`badge badge-${c.kind}`}>{c.kind}</span>{" "}
              {c.irreversible && c.kind !== "no-op" ? <span className="badge badge-danger">irreversible</span> : null}{" "}
              <span>{c.description}</span>{" "}
              <span className="muted">
                ({LABEL[c.account]} {c.accountId}, <span className="mono">{c.action}</span>)
              </span>
            </li>
          ))}
        </ol>
      )}
      {planOnly.map((side) => (
        <div key={side} className="notice notice-warn">
          <strong>The {side} account is plan-only</strong>
          Its changes are handed over to its admin as a CLI script and plan JSON. Changes here that depend on them wait.
          <div className="check-row">
            <input id={`other-half-${side}`} type="checkbox" checked={otherHalf} onChange={(e) => onOtherHalf(e.target.checked)} />
            <label htmlFor={`other-half-${side}`}>The {side} account&apos;s admin has already applied their half</label>
          </div>
        </div>
      ))}
      {instead && pending.length > 0 ? instead : null}
      {!instead && irreversible.length > 0 ? (
        <div className="field">
          <label htmlFor="apply-confirm">Type the destination bucket name ({bucket}) to confirm</label>
          <input
            id="apply-confirm"
            className="input mono"
            value={confirm}
            onChange={(e) => onConfirm(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="apply-confirm-hint"
          />
          <span className="hint" id="apply-confirm-hint">
            Irreversible: {irreversible.map((c) => c.description).join("; ")}. Object Lock can never be turned off and versioning on the
            vault can never be suspended.
          </span>
        </div>
      ) : null}
      {!instead && pending.length > 0 ? (
        <div className="actions">
          <Button variant="primary" onClick={onApply} disabled={!canApply}>
            Apply {pending.length} change{pending.length === 1 ? "" : "s"}
          </Button>
          {!plan.applyable ? (
            <span className="muted">Fix the errors above first.</span>
          ) : !confirmed ? (
            <span className="muted">Type the bucket name to enable Apply.</span>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
