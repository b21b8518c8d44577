"use client";
// The review actions of one saved plan, offered by status. The server decides (lifecycle rules, four
// eyes, fingerprint); this island only sends the plan id, the fingerprint on screen and a comment.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { PlanStatusName } from "@/components/plan-status";
import { Button } from "@/components/ui/button";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { type ActionResult, approvePlan, commentOnPlan, rejectPlan, replanPlan, rollbackPlan, submitPlan } from "../actions";
import { ActionNotice } from "./action-notice";
import { loadIntoWizard } from "./editing";

type Props = {
  id: string;
  status: PlanStatusName;
  fingerprint: string;
  input: WizardFormValues;
  rollback: boolean;
  /** A plan of several sources: assembled on the onboarding page, not in the wizard; no rollback yet. */
  many?: boolean;
  fourEyesHint?: string;
  /** Four eyes is on and the person looking wrote or edited this plan: they are not offered Approve. */
  isWriter?: boolean;
  /** A rollback of this plan already exists (not rejected): it is opened instead of creating another. */
  existingRollback?: string;
};

export function PlanActions({
  id,
  status,
  fingerprint,
  input,
  rollback,
  many = false,
  fourEyesHint,
  isWriter = false,
  existingRollback,
}: Props) {
  const router = useRouter();
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState<string>();
  const [result, setResult] = useState<ActionResult<object>>();
  const [said, setSaid] = useState("");

  const run = async (name: string, call: () => Promise<ActionResult<object>>, done: (r: ActionResult<object>) => string) => {
    setBusy(name);
    setResult(undefined);
    setSaid("");
    try {
      const r = await call();
      setResult(r);
      if (r.ok) {
        setSaid(done(r));
        setComment("");
        router.refresh();
      }
    } catch (e) {
      setResult({ ok: false, message: `${name} failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(undefined);
    }
  };

  const editable = ["draft", "submitted", "approved", "rejected", "failed"].includes(status);
  const b = (name: string) => ({ disabled: busy !== undefined, "aria-busy": busy === name || undefined });
  return (
    <section className="card stack-sm" aria-labelledby="plan-actions-title">
      <h2 id="plan-actions-title">Review</h2>
      <div className="field">
        <label htmlFor="plan-comment">Comment</label>
        <textarea
          id="plan-comment"
          className="input"
          rows={2}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-describedby="plan-comment-hint"
        />
        <span className="hint" id="plan-comment-hint">
          Optional when submitting or approving; required to reject (the author needs to know what to change).
        </span>
      </div>
      <div className="actions">
        {status === "draft" || status === "rejected" ? (
          <Button
            variant="primary"
            {...b("Submit")}
            onClick={() =>
              void run(
                "Submit",
                () => submitPlan({ id, comment }),
                () => "Submitted for review.",
              )
            }
          >
            Submit for review
          </Button>
        ) : null}
        {status === "submitted" && !isWriter ? (
          <Button
            variant="primary"
            {...b("Approve")}
            onClick={() =>
              void run(
                "Approve",
                () => approvePlan({ id, fingerprint, comment }),
                () => "Approved.",
              )
            }
          >
            Approve
          </Button>
        ) : null}
        {status === "submitted" || status === "approved" ? (
          <Button
            variant="danger"
            {...b("Reject")}
            onClick={() =>
              void run(
                "Reject",
                () => rejectPlan({ id, comment }),
                () => "Rejected.",
              )
            }
          >
            {status === "approved" ? "Withdraw approval (reject)" : "Reject"}
          </Button>
        ) : null}
        <Button
          {...b("Comment")}
          onClick={() =>
            void run(
              "Comment",
              () => commentOnPlan({ id, comment }),
              () => "Comment added.",
            )
          }
        >
          Add comment
        </Button>
        {editable ? (
          <Button
            {...b("Re-plan")}
            onClick={() =>
              void run(
                "Re-plan",
                () => replanPlan(id),
                (r) =>
                  "changed" in r && r.changed
                    ? "Live state changed: the plan was rebuilt and is a draft again."
                    : "Unchanged: live state still gives exactly this plan.",
              )
            }
          >
            {rollback ? "Re-check live state" : "Re-plan against live state"}
          </Button>
        ) : null}
        {editable && !rollback && !many ? (
          <Button
            {...b("Edit")}
            onClick={() => {
              loadIntoWizard(id, input);
              router.push("/wizard/accounts");
            }}
          >
            Edit in wizard
          </Button>
        ) : null}
        {(status === "applied" || status === "failed") && !rollback && existingRollback ? (
          <Link className="btn" href={`/plans/${existingRollback}`}>
            Open its rollback plan {existingRollback.slice(0, 8)}
          </Link>
        ) : null}
        {(status === "applied" || status === "failed") && !rollback && !many && !existingRollback ? (
          <Button
            {...b("Rollback")}
            onClick={() =>
              void run(
                "Rollback",
                () => rollbackPlan(id),
                (r) => ("id" in r && typeof r.id === "string" ? (router.push(`/plans/${r.id}`), "Rollback plan created.") : ""),
              )
            }
          >
            Roll back…
          </Button>
        ) : null}
      </div>
      {status === "submitted" && fourEyesHint ? <p className="muted">{fourEyesHint}</p> : null}
      {many && (status === "applied" || status === "failed") ? (
        <p className="muted">
          A plan of several sources cannot be rolled back from here yet: each write is in the audit log with its before and after, to
          restore by hand.
        </p>
      ) : null}
      <p role="status" className={said ? "notice notice-ok" : "visually-hidden"}>
        {said}
      </p>
      <ActionNotice result={result} />
    </section>
  );
}
