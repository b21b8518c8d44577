"use client";
// The Apply page's island: asks the server for the plan (server-side discover + buildPlan), takes the
// typed confirmation, starts the apply and follows its progress (useRunProgress) until it ends.
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { RunProgress } from "@/app/_components/run-progress";
import { useRunProgress } from "@/app/_components/use-run-progress";
import { useDraft } from "../../_components/draft-provider";
import { withConfirmations } from "../../_components/draft-keys";
import { fieldWords } from "../../_components/field-words";
import { applyProgress, reviewPlan, startApply, type ReviewResult } from "../actions";
import { AfterApplyDiagnostics, CHECKED_AFTER } from "./after-apply-diagnostics";
import { ReviewSummary } from "./review-summary";
import { SaveForApproval } from "./save-for-approval";

/** Field errors from the server as sentences: where (in words) and what. */
const sentences = (errors: Record<string, string>) => Object.entries(errors).map(([path, message]) => `${fieldWords(path)}: ${message}`);

export function ApplyPanel({ person }: { person: { name?: string; problem?: string } }) {
  const { values: draftValues, confirmation, loaded, markCompleted, markApplied } = useDraft();
  // The server checks the typed Object Lock confirmation too: it travels with the input.
  const values = withConfirmations(draftValues, confirmation);
  const [review, setReview] = useState<ReviewResult>();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState("");
  const [otherHalf, setOtherHalf] = useState(false);
  const [runId, setRunId] = useState<string>();
  const [failure, setError] = useState<string>();
  const progress = useRunProgress(runId, applyProgress);
  const run = progress.run;
  const error = failure ?? progress.error;

  const doReview = useCallback(async () => {
    setBusy(true);
    setError(undefined);
    setRunId(undefined);
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
      const res = await startApply({
        input: values,
        fingerprint: review.plan.fingerprint,
        confirm,
        resumeRunId,
        otherHalfApplied: otherHalf,
      });
      if (res.ok) setRunId(res.runId);
      else setError(["message" in res ? res.message : "", ...sentences(res.fieldErrors ?? {})].filter(Boolean).join(" "));
    } finally {
      setBusy(false);
    }
  };

  const running = busy || run?.status === "running" || (runId !== undefined && run === undefined);
  const applied = !!review?.ok && run?.status === "succeeded" && run.fingerprint === review.plan.fingerprint;
  // A run that applied this very plan ticks Apply in the stepper (for as long as the values stay these).
  useEffect(() => {
    if (applied) markApplied();
  }, [applied, markApplied]);
  // Reaching a reviewed plan on this page means Review was done; a finished apply is what it was for.
  useEffect(() => {
    if (review?.ok) markCompleted("review");
  }, [review, markCompleted]);
  const nameLink = `/people?next=${encodeURIComponent("/wizard/apply")}`;
  const announcement =
    error ??
    run?.message ??
    (busy && !runId
      ? "Reading both accounts…"
      : review?.ok
        ? `Plan ready: ${review.plan.changes.filter((c) => c.kind !== "no-op").length} change(s) to apply.`
        : "");

  return (
    <div className="stack">
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {!loaded ? <p className="muted">Loading your draft…</p> : null}
      {person.problem ? (
        <div className="notice notice-warn" role="status">
          <strong>Tell Lockbridge who you are first</strong>
          {person.problem === "name" ? (
            <>
              The audit log records who applied each change, so Apply needs your name.{" "}
              <Link href={nameLink}>Tell Lockbridge your name</Link>; you come back here afterwards.
            </>
          ) : (
            person.problem
          )}
        </div>
      ) : null}
      {error ? (
        <div className="notice notice-error" role="alert">
          <strong>Apply did not start</strong>
          {error}
        </div>
      ) : null}
      {review && !review.ok ? (
        <div className="notice notice-error">
          <strong>The wizard input is not complete</strong>
          {"fieldErrors" in review ? (
            <ul className="problem-list">
              {sentences(review.fieldErrors).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            review.message
          )}
        </div>
      ) : null}
      {applied ? (
        <section className="notice notice-ok" aria-labelledby="applied-title">
          <strong id="applied-title">All changes applied</strong>
          Every change of the reviewed plan was written; the run below lists each call. What is next:
          <div className="actions">
            <Link className="btn btn-primary" href="/wizard/existing-objects">
              Next: Existing objects
            </Link>
            <Link className="btn" href="/wizard/verify">
              Verify replication
            </Link>
          </div>
        </section>
      ) : null}
      {review?.ok && !applied ? (
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
          disabled={
            !!person.problem ||
            running ||
            ((run?.status === "succeeded" || run?.status === "partial") && run.fingerprint === review.plan.fingerprint)
          }
        />
      ) : null}
      <div className="actions">
        <Button onClick={() => void doReview()} disabled={running || !loaded}>
          {busy && !runId ? "Reading both accounts…" : "Re-read and review again"}
        </Button>
      </div>
      {run ? (
        <RunProgress
          run={run}
          title="Apply run"
          titleId="apply-run-title"
          actions={
            <>
              {run.status === "failed" || (run.status === "refused" && run.resumeOf !== undefined) ? (
                <Button variant="primary" onClick={() => void start(run.runId)} disabled={running}>
                  Resume
                </Button>
              ) : null}
              {run.status === "refused" || run.status === "failed" ? (
                <Button onClick={() => void doReview()} disabled={running}>
                  Review again
                </Button>
              ) : null}
            </>
          }
        />
      ) : null}
      {run && CHECKED_AFTER.includes(run.status) ? <AfterApplyDiagnostics run={run} values={values} /> : null}
    </div>
  );
}
