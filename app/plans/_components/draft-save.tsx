"use client";
// /plans/new: the wizard draft of this browser (local storage), summarised, with the Save button.
import Link from "next/link";
import { useEffect, useState } from "react";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { wizardDraftValues } from "./editing";
import { SavePlanButton } from "./save-plan-button";

export function DraftSave() {
  const [values, setValues] = useState<WizardFormValues | null>();
  useEffect(() => setValues(wizardDraftValues() ?? null), []);
  if (values === undefined) return <p className="muted">Loading the wizard draft…</p>;
  if (values === null) {
    return (
      <p className="notice notice-warn">
        <strong>No wizard draft in this browser</strong>
        Fill in the <Link href="/wizard/accounts">wizard</Link> first; its input is what gets saved.
      </p>
    );
  }
  const { source, destination } = values.accounts ?? {};
  return (
    <section className="card stack-sm" aria-labelledby="draft-title">
      <h2 id="draft-title">Wizard draft</h2>
      <p>
        From <span className="mono">{source?.bucket || "?"}</span> ({source?.accountId || "?"}) to{" "}
        <span className="mono">{destination?.bucket || "?"}</span> ({destination?.accountId || "?"}).
      </p>
      <p className="muted">
        Only the input is sent. The server checks it, reads both accounts and builds the plan itself, exactly as the Review step does.
      </p>
      <SavePlanButton values={values} />
    </section>
  );
}
