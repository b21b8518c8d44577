"use client";
import Link from "next/link";
import { DownloadButton } from "@/components/copy-download";
import { Button } from "@/components/ui/button";
import { exportCliScript, exportPlanJson, exportTerraform } from "@/lib/plan";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { SavePlanButton } from "../../../plans/_components/save-plan-button";
import { bothPlanOnly } from "../../_components/draft-keys";
import type { useLiveState } from "../../_components/use-live-state";
import type { PlanView } from "../../_components/use-plan";

/** Why apply is not offered, in plain words (undefined when it is). */
/** `diagnosticsBlock`: undefined while the diagnostics still run, then whether they found an error. */
function blockedBecause(view: PlanView, inputComplete: boolean, live: ReturnType<typeof useLiveState>, diagnosticsBlock: boolean | undefined): string | undefined {
  if (bothPlanOnly(view.input.accounts)) return "Plan only: download the exports; nothing has been applied.";
  if (!inputComplete) return "Complete the steps listed above first.";
  if (!view.plan.applyable) return `The plan has ${view.plan.errors.length} error(s) listed above; fix them first.`;
  if (live.pending) return "Reading the live state…";
  if (!view.live) return "Read the live state first (Refresh live state): apply starts from what is live.";
  if (diagnosticsBlock === undefined) return "Running the diagnostics…";
  if (diagnosticsBlock) return "Diagnostics found errors that would stop replication (listed above); fix them first.";
  return undefined;
}

type Props = { view: PlanView; inputComplete: boolean; live: ReturnType<typeof useLiveState>; diagnosticsBlock: boolean | undefined; values: WizardFormValues };

export function ReviewActions({ view, inputComplete, live, diagnosticsBlock, values }: Props) {
  const { plan } = view;
  const base = `lockbridge-${plan.input.accounts.source.bucket}-to-${plan.input.accounts.destination.bucket}`;
  const blocked = blockedBecause(view, inputComplete, live, diagnosticsBlock);
  return (
    <>
      <section aria-labelledby="review-exports" className="card stack-sm">
        <h2 id="review-exports">Exports</h2>
        <p className="muted">
          The same calls, in the same order, for people who run changes themselves or hand one account&apos;s half to its
          admin. Documents are the merged ones: re-check them if the live state may have changed since it was read.
        </p>
        <div className="actions">
          <DownloadButton text={() => exportCliScript(plan)} fileName={`${base}.sh`} type="text/x-shellscript">
            Download AWS CLI script
          </DownloadButton>
          <DownloadButton text={() => exportTerraform(plan)} fileName={`${base}.tf`} type="text/plain">
            Download Terraform
          </DownloadButton>
          <DownloadButton text={() => exportPlanJson(plan)} fileName={`${base}.plan.json`}>
            Download plan JSON
          </DownloadButton>
        </div>
      </section>
      {inputComplete ? (
        <section aria-labelledby="review-save" className="card stack-sm">
          <h2 id="review-save">Review by someone else</h2>
          <p className="muted">
            Save this plan so a second person can review and approve it at its own address; it is applied from there, only as
            approved.
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
