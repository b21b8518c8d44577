"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { downloadText } from "@/components/download";
import { Button } from "@/components/ui/button";
import { type WizardFormValues, wizardInput } from "@/lib/schema/wizard";
import { type ExportFormat, exportPlanFile } from "../export-actions";
import { SavePlanButton } from "../../../plans/_components/save-plan-button";
import { bothPlanOnly } from "../../_components/draft-keys";
import type { useLiveState } from "../../_components/use-live-state";
import type { PlanView } from "../../_components/use-plan";

/** Why apply is not offered, in plain words (undefined when it is). */
/** `diagnosticsBlock`: undefined while the diagnostics still run, then whether they found an error. */
function blockedBecause(
  view: PlanView,
  inputComplete: boolean,
  live: ReturnType<typeof useLiveState>,
  diagnosticsBlock: boolean | undefined,
): string | undefined {
  if (bothPlanOnly(view.input.accounts)) return "Plan only: download the exports; nothing has been applied.";
  if (!inputComplete) return "Complete the steps listed above first.";
  if (!view.plan.applyable) return `The plan has ${view.plan.errors.length} error(s) listed above; fix them first.`;
  if (live.pending) return "Reading the live state…";
  if (!view.live) return "Read the live state first (Refresh live state): apply starts from what is live.";
  if (diagnosticsBlock === undefined) return "Running the diagnostics…";
  if (diagnosticsBlock) return "Diagnostics found errors that would stop replication (listed above); fix them first.";
  return undefined;
}

type Props = {
  view: PlanView;
  inputComplete: boolean;
  live: ReturnType<typeof useLiveState>;
  diagnosticsBlock: boolean | undefined;
  values: WizardFormValues;
};

/** Why the exports are off, in plain words (undefined when they are offered). */
function exportsBlockedBecause(view: PlanView, values: WizardFormValues, live: ReturnType<typeof useLiveState>): string | undefined {
  if (!wizardInput.safeParse(values).success) return "Complete the steps first: exports are built from a complete input.";
  if (view.plan.errors.length > 0)
    return `Exports are off: the plan has ${view.plan.errors.length} error(s) listed above, and a plan with errors is never exported. Fix them first.`;
  if (live.pending) return "Reading the live state… the exports are offered once the read has finished.";
  return undefined;
}

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: "cli", label: "Download AWS CLI script" },
  { format: "terraform", label: "Download Terraform" },
  { format: "json", label: "Download plan JSON" },
];

/**
 * Each download asks the server for the file: it reads the live state itself, builds the plan and refuses
 * a plan with errors, so what is downloaded never depends on the browser's read having finished.
 */
function ExportButtons({ view, values, live }: { view: PlanView; values: WizardFormValues; live: ReturnType<typeof useLiveState> }) {
  const [pending, start] = useTransition();
  const [status, setStatus] = useState<{ text: string; error: boolean } | undefined>();
  const blocked = exportsBlockedBecause(view, values, live);
  const download = (format: ExportFormat) =>
    start(async () => {
      setStatus({ text: "Reading the live state and building the file…", error: false });
      const r = await exportPlanFile(values, format);
      if (!r.ok) return setStatus({ text: r.message, error: true });
      downloadText(r.fileName, r.text, r.type);
      setStatus({
        text: `Downloaded ${r.fileName} (plan ${r.fingerprint.slice(0, 12)}…, built from a fresh read of the live state).`,
        error: false,
      });
    });
  return (
    <>
      <div className="actions">
        {EXPORTS.map((e) => (
          <Button
            key={e.format}
            className="btn-small"
            disabled={blocked !== undefined || pending}
            aria-describedby="exports-status"
            onClick={() => download(e.format)}
          >
            {e.label}
          </Button>
        ))}
      </div>
      <p id="exports-status" className={blocked || status?.error ? "notice notice-warn" : "muted"} role="status">
        {blocked ?? status?.text ?? ""}
      </p>
    </>
  );
}

export function ReviewActions({ view, inputComplete, live, diagnosticsBlock, values }: Props) {
  const { plan } = view;
  const blocked = blockedBecause(view, inputComplete, live, diagnosticsBlock);
  return (
    <>
      <section aria-labelledby="review-exports" className="card stack-sm">
        <h2 id="review-exports">Exports</h2>
        <p className="muted">
          The same calls, in the same order, for people who run changes themselves or hand one account&apos;s half to its admin. Each file
          is built on the server from a fresh read of the live state. The AWS CLI script needs the aws CLI and python3: it reads every
          document again when it runs, merges Lockbridge&apos;s part into what is live, and stops before its first write on any conflict.
        </p>
        <ExportButtons view={view} values={values} live={live} />
      </section>
      {inputComplete ? (
        <section aria-labelledby="review-save" className="card stack-sm">
          <h2 id="review-save">Review by someone else</h2>
          <p className="muted">
            Save this plan so a second person can review and approve it at its own address; it is applied from there, only as approved.
          </p>
          <SavePlanButton values={values} />
        </section>
      ) : null}
      <section aria-labelledby="review-apply" className="card stack-sm">
        <h2 id="review-apply">Apply</h2>
        <p className="mono muted fingerprint">Plan fingerprint {plan.fingerprint.slice(0, 16)}…</p>
        {blocked ? (
          <>
            <p id="apply-blocked" className="notice notice-warn" role="status">
              {blocked}
            </p>
            <Button variant="primary" disabled aria-describedby="apply-blocked">
              Continue to apply
            </Button>
          </>
        ) : (
          <Link className="btn btn-primary" href="/wizard/apply">
            Continue to apply
          </Link>
        )}
      </section>
    </>
  );
}
