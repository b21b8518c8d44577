"use client";
// The Apply page's island: asks the server for the plan (server-side discover + buildPlan), takes the
// typed confirmation, starts the apply and polls its progress every 500 ms until it ends.
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import type { RunSnapshot } from "@/lib/apply/types";
import { useDraft } from "../../_components/draft-provider";
import { applyProgress, reviewPlan, startApply, type ReviewResult } from "../actions";
import { AfterApplyDiagnostics, CHECKED_AFTER } from "./after-apply-diagnostics";
import { ReviewSummary } from "./review-summary";
import { RunProgress } from "./run-progress";
import { SaveForApproval } from "./save-for-approval";

const POLL_MS = 500;

export function ApplyPanel() {
  const { values, loaded } = useDraft();
  const [review, setReview] = useState<ReviewResult>();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState("");
  const [otherHalf, setOtherHalf] = useState(false);
  const [runId, setRunId] = useState<string>();
  const [run, setRun] = useState<RunSnapshot>();
  const [error, setError] = useState<string>();

  const doReview = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    setRunId(undefined);
    setRun(undefined);
    try {
      setReview(await reviewPlan(values));
    } catch (e) {
      setError(`Could not review the plan: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }, [values]);

  // Review once the stored draft is loaded; later reviews are explicit (button).
  const [reviewedOnce, setReviewedOnce] = useState(false);
  useEffect(() => {
    if (!loaded || reviewedOnce) return;
    setReviewedOnce(true);
    void doReview();
  }, [loaded, reviewedOnce, doReview]);

  const start = async (resumeRunId?: string) => {
    if (!review?.ok) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await startApply({ input: values, fingerprint: review.plan.fingerprint, confirm, resumeRunId, otherHalfApplied: otherHalf });
      if (res.ok) {
        setRun(undefined);
        setRunId(res.runId);
      } else setError(["message" in res ? res.message : "", ...Object.entries(res.fieldErrors ?? {}).map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join(" "));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const res = await applyProgress(runId).catch((e: unknown) => ({ ok: false as const, message: String(e) }));
      if (stopped) return;
      if (!res.ok) return setError(res.message);
      setRun(res.run);
      if (res.run.status === "running") timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [runId]);

  const running = busy || run?.status === "running" || (runId !== undefined && run === undefined);
  const announcement = error ?? run?.message ?? (busy && !runId ? "Reading both accounts…" : review?.ok ? `Plan ready: ${review.plan.changes.filter((c) => c.kind !== "no-op").length} change(s) to apply.` : "");

  return (
    <div className="stack">
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {!loaded ? <p className="muted">Loading your draft…</p> : null}
      {error ? (
        <div className="notice notice-error" role="alert">
          <strong>Something went wrong</strong>
          {error}
        </div>
      ) : null}
      {review && !review.ok ? (
        <div className="notice notice-error">
          <strong>The wizard input is not complete</strong>
          {"fieldErrors" in review ? (
            <ul className="problem-list">
              {Object.entries(review.fieldErrors).map(([path, message]) => (
                <li key={path}>
                  <span className="mono">{path}</span>: {message}
                </li>
              ))}
            </ul>
          ) : (
            review.message
          )}
        </div>
      ) : null}
      {review?.ok ? (
        <ReviewSummary
          plan={review.plan}
          reachable={review.reachable}
          readAt={review.readAt}
          confirm={confirm}
          onConfirm={setConfirm}
          otherHalf={otherHalf}
          onOtherHalf={setOtherHalf}
          onApply={() => void start()}
          instead={review.requireApproval ? <SaveForApproval values={values} /> : undefined}
          // A finished run already applied this very plan: applying it again needs a fresh review first.
          disabled={running || ((run?.status === "succeeded" || run?.status === "partial") && run.fingerprint === review.plan.fingerprint)}
        />
      ) : null}
      <div className="actions">
        <Button onClick={() => void doReview()} disabled={running || !loaded}>
          {busy && !runId ? "Reading both accounts…" : "Re-read and review again"}
        </Button>
      </div>
      {run ? <RunProgress run={run} onResume={() => void start(run.runId)} onReview={() => void doReview()} busy={running} /> : null}
      {run && CHECKED_AFTER.includes(run.status) ? <AfterApplyDiagnostics run={run} values={values} /> : null}
    </div>
  );
}
