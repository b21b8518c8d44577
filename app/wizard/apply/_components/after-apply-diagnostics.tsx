"use client";
// After a run has finished: both accounts are read again and checked exactly as Review checks them, so
// the person sees that the live state now allows every request replication makes (or what still blocks).
import type { RunSnapshot } from "@/lib/apply/types";
import type { PreflightResult } from "@/lib/plan/diagnostics/types";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { LiveDiagnostics } from "../../_components/live-diagnostics";

/** Runs that left the accounts in a state worth checking (a refused or failed run is reviewed again instead). */
export const CHECKED_AFTER: RunSnapshot["status"][] = ["succeeded", "partial", "nothing-to-change"];

function Lead({ preflight, partial }: { preflight: PreflightResult; partial: boolean }) {
  // Read after the run, so "before" is the live state now; "after" is what applying again would give.
  const { before, after } = preflight.simulation;
  const all = before.allowed === before.total && !preflight.blocking;
  // Allowed only if a condition the simulation could not evaluate holds (e.g. aws:SecureTransport).
  const unverified = before.results.filter((r) => r.decision === "allowed" && !r.certain).length;
  const text = all
    ? unverified === 0
      ? "Both accounts were read again after the run: the live policies allow every request S3 makes as the replication role, and no diagnostic blocks replication."
      : `Both accounts were read again after the run: the live policies allow every request S3 makes as the replication role, ${unverified} of them only if a condition Lockbridge cannot evaluate holds (see the warnings below).`
    : partial && after.allowed === after.total
      ? `Both accounts were read again after the run. The other ${after.allowed - before.allowed} become allowed once the other account's admin applies their half.`
      : "Both accounts were read again after the run, and the live state does not yet allow everything replication needs: see the diagnostics below.";
  return (
    <div className={`notice ${all && unverified === 0 ? "notice-ok" : "notice-warn"}`} data-testid="after-apply-summary">
      <strong>
        After apply: {before.allowed} of {before.total} actions allowed
      </strong>
      {text} In the table, &ldquo;Before apply&rdquo; is the live state now and &ldquo;After apply&rdquo; is what applying again would give.
    </div>
  );
}

export function AfterApplyDiagnostics({ run, values }: { run: RunSnapshot; values: WizardFormValues }) {
  return (
    <LiveDiagnostics
      values={values}
      runKey={`${run.runId}:${run.status}`}
      label="Diagnostics after apply"
      pendingText="Reading both accounts again and simulating every permission replication needs…"
      lead={(p) => <Lead preflight={p} partial={run.status === "partial"} />}
    />
  );
}
