"use client";
// The Diagnostics panel for the live state, shared by Review and Apply: preflight checks and the
// permission simulation, computed on the server (runDiagnostics re-reads both accounts) each time
// `runKey` changes. On Review errors block "Continue to apply"; on Apply it runs once a run has
// finished, to show what the accounts allow now.
import { type ReactNode, useEffect, useState } from "react";
import { DiagnosticsPanel } from "@/components/diagnostics-panel";
import type { PreflightResult } from "@/lib/plan/diagnostics/types";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { type DiagnosticsResult, runDiagnostics } from "../actions";

type Props = {
  values: WizardFormValues;
  /** Receives the live state the diagnostics read (Review keeps it as the draft's live state: one read). */
  onObserved?: (result: Extract<DiagnosticsResult, { ok: true }>) => void;
  /** Re-run when this changes (Review: plan fingerprint + whether live state was read; Apply: the run). */
  runKey: string;
  onBlocking?: (blocking: boolean | undefined) => void;
  /** Shown above the panel once the result is in (e.g. what the numbers mean after a run). */
  lead?: (preflight: PreflightResult) => ReactNode;
  /** Accessible name of the region (default "Diagnostics"). */
  label?: string;
  /** Heading level of the panel's "Diagnostics" heading. */
  headingLevel?: 2 | 3;
  /** What the user waits for while the checks run. */
  pendingText?: string;
};

export function LiveDiagnostics({
  values,
  runKey,
  onBlocking,
  onObserved,
  lead,
  label = "Diagnostics",
  headingLevel = 2,
  pendingText,
}: Props) {
  const [result, setResult] = useState<DiagnosticsResult>();
  useEffect(() => {
    // The plan these diagnostics were run for is the one now shown (its live state came from this very
    // read): nothing to read again.
    if (result?.ok && result.fingerprint === runKey) return;
    let current = true;
    setResult(undefined);
    onBlocking?.(undefined);
    void runDiagnostics(values)
      .catch((e: unknown): DiagnosticsResult => ({
        ok: false,
        message: `Could not run the diagnostics: ${e instanceof Error ? e.message : String(e)}`,
      }))
      .then((r) => {
        if (!current) return;
        setResult(r);
        if (r.ok) onObserved?.(r);
        // If they could not run, the panel says so; apply still runs them on the server and refuses on errors.
        onBlocking?.(r.ok ? r.preflight.blocking : false);
      });
    return () => {
      current = false;
    };
    // Re-run when the key changes, not on every render of the same values.
  }, [runKey]); // values and onBlocking are read at that moment on purpose
  const H = `h${headingLevel}` as "h2" | "h3";
  return (
    <section aria-label={label} aria-live="polite" aria-busy={!result} className="stack-sm">
      {!result ? (
        <>
          <H>Diagnostics</H>
          <p className="muted">{pendingText ?? "Checking both accounts and simulating every permission replication needs…"}</p>
        </>
      ) : result.ok ? (
        <>
          {lead ? lead(result.preflight) : null}
          <DiagnosticsPanel result={result.preflight} headingLevel={headingLevel} />
        </>
      ) : (
        <>
          <H>Diagnostics</H>
          <p className="notice notice-warn">{result.message}</p>
        </>
      )}
    </section>
  );
}
