"use client";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { ChangeList } from "@/components/change-list";
import { PlanPreview } from "@/components/plan-preview";
import { PlanProblems } from "@/components/plan-problems";
import type { ObservedState } from "@/lib/plan";
import { wizardInput } from "@/lib/schema/wizard";
import { useDraft } from "../../_components/draft-provider";
import { LiveDiagnostics } from "../../_components/live-diagnostics";
import { LiveStateBar } from "../../_components/live-state-bar";
import { stepStates } from "../../_components/step-status";
import { useLiveState } from "../../_components/use-live-state";
import { observedKey, usePlan } from "../../_components/use-plan";
import { WIZARD_STEPS, stepHref } from "../../steps";
import { ReviewActions } from "./review-actions";

const STEP_OF: Record<string, (typeof WIZARD_STEPS)[number]> = {
  accounts: WIZARD_STEPS[0],
  objectLock: WIZARD_STEPS[1],
  role: WIZARD_STEPS[2],
  encryption: WIZARD_STEPS[3],
  bucketPolicy: WIZARD_STEPS[4],
  rule: WIZARD_STEPS[5],
};

export function Review() {
  const draft = useDraft();
  const { view, current } = usePlan();
  // The live state is read again on every visit (Review is what gets approved), once: by the diagnostics,
  // which hand the state they read to the preview (keepObserved), so the plan on screen and its
  // diagnostics come from the same read.
  const live = useLiveState();
  const keepObserved = useCallback(
    (r: { observed: ObservedState; readAt: string }) => {
      const parsed = wizardInput.safeParse(draft.values);
      if (parsed.success) draft.setObserved({ key: observedKey(parsed.data), observed: r.observed, readAt: r.readAt });
    },
    [draft],
  );

  const issues = useMemo(() => {
    const r = wizardInput.safeParse(draft.values);
    return r.success ? [] : r.error.issues;
  }, [draft.values]);
  const open = stepStates(draft).filter((s) => s.slug !== "review" && !s.done);
  const [diagnosticsBlock, setDiagnosticsBlock] = useState<boolean>();

  return (
    <div className="stack review">
      <section aria-labelledby="review-input" aria-live="polite">
        <h2 id="review-input" className="visually-hidden">
          Input
        </h2>
        {issues.length > 0 || open.length > 0 ? (
          <div className="notice notice-error">
            <strong>The input is not complete</strong>
            <ul className="problem-list">
              {issues.map((i, n) => {
                const step = STEP_OF[String(i.path[0])];
                return (
                  <li key={`i${n}`}>
                    {step ? <Link href={stepHref(step.slug)}>{step.label}</Link> : "Input"}: {i.message}
                  </li>
                );
              })}
              {open.map((s) => (
                <li key={s.slug}>
                  <Link href={s.href}>{s.label}</Link>: {s.review ?? s.problem ?? "not completed yet."}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="notice notice-ok">
            <strong>The input is complete</strong>
            Every step is valid against the wizard schema.
          </p>
        )}
      </section>
      <LiveStateBar view={view} live={live} />
      {view ? (
        <>
          {!current ? <p className="notice notice-warn">Showing the last valid input.</p> : null}
          <section aria-labelledby="review-problems">
            <h2 id="review-problems">Errors and warnings</h2>
            {view.plan.errors.length + view.plan.warnings.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <PlanProblems errors={view.plan.errors} warnings={view.plan.warnings} />
            )}
          </section>
          <section aria-labelledby="review-calls">
            <h2 id="review-calls">API calls, in order</h2>
            <ChangeList changes={view.plan.changes} />
          </section>
          {/* Diagnostics read both accounts: run them once the live state is in (or never will be: plan only). */}
          {current && issues.length === 0 ? (
            <LiveDiagnostics
              values={draft.values}
              runKey={view.plan.fingerprint}
              onBlocking={setDiagnosticsBlock}
              onObserved={keepObserved}
            />
          ) : null}
          <section aria-labelledby="review-docs">
            <h2 id="review-docs">Documents</h2>
            <PlanPreview plan={view.plan} problems={false} />
          </section>
          <ReviewActions
            view={view}
            inputComplete={current && issues.length === 0 && open.length === 0}
            live={live}
            diagnosticsBlock={diagnosticsBlock}
            values={draft.values}
          />
        </>
      ) : null}
    </div>
  );
}
