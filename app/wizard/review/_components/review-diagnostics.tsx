"use client";
// The Diagnostics panel on Review: preflight checks and the permission simulation, computed on the
// server for the reviewed input each time the plan changes. Errors here block "Continue to apply".
import { useEffect, useState } from "react";
import { DiagnosticsPanel } from "@/components/diagnostics-panel";
import type { WizardFormValues } from "@/lib/schema/wizard";
import { type DiagnosticsResult, runDiagnostics } from "../../actions";

export function ReviewDiagnostics({ values, fingerprint, onBlocking }: { values: WizardFormValues; fingerprint: string; onBlocking: (blocking: boolean | undefined) => void }) {
  const [result, setResult] = useState<DiagnosticsResult>();
  useEffect(() => {
    let current = true;
    setResult(undefined);
    onBlocking(undefined);
    void runDiagnostics(values).then((r) => {
      if (!current) return;
      setResult(r);
      onBlocking(r.ok ? r.preflight.blocking : undefined);
    });
    return () => {
      current = false;
    };
    // Re-run when the plan changes (its fingerprint), not on every render of the same values.
  }, [fingerprint]); // values and onBlocking are read at that moment on purpose
  return (
    <section aria-label="Diagnostics" aria-live="polite" aria-busy={!result}>
      {!result ? (
        <>
          <h2>Diagnostics</h2>
          <p className="muted">Checking both accounts and simulating every permission replication needs…</p>
        </>
      ) : result.ok ? (
        <DiagnosticsPanel result={result.preflight} />
      ) : (
        <>
          <h2>Diagnostics</h2>
          <p className="notice notice-warn">{result.message}</p>
        </>
      )}
    </section>
  );
}
