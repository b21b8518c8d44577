"use client";
// With LOCKBRIDGE_REQUIRE_APPROVAL the wizard cannot apply: every AWS write needs a saved plan approved by
// someone else. This replaces Apply: it saves the wizard input as a plan (the server reads both accounts
// and builds it), submits it for review and opens it on /plans, where another person approves it and
// then it is applied.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { savePlan, submitPlan } from "@/app/plans/actions";

export function SaveForApproval({ values }: { values: WizardFormValues }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const saved = await savePlan(values);
      if (!saved.ok) return setError([saved.message, ...Object.entries(saved.fieldErrors ?? {}).map(([k, v]) => `${k}: ${v}`)].join(" "));
      const submitted = await submitPlan({ id: saved.id, comment: "Saved for approval from the wizard's Apply page." });
      if (!submitted.ok) return setError(submitted.message);
      router.push(`/plans/${saved.id}`);
    } catch (e) {
      setError(`Could not save the plan: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack-sm" data-testid="approval-required">
      <div className="notice">
        <strong>Approval required</strong> This server applies only plans that someone else approved (LOCKBRIDGE_REQUIRE_APPROVAL). Save
        this plan for approval; once approved it is applied from its page under Plans.
      </div>
      <div className="actions">
        <Button variant="primary" onClick={() => void save()} disabled={busy}>
          {busy ? "Saving…" : "Save for approval"}
        </Button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
