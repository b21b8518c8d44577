"use client";
// Apply an approved plan: typed confirmation for irreversible changes, then live progress (polls the
// apply engine's run registry every 500 ms). A refusal (drift since approval) says what drifted.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { RunSnapshot } from "@/lib/apply/types";
import { type ActionResult, applySavedPlan, savedPlanProgress } from "../actions";
import { ActionNotice } from "./action-notice";
import { RunSteps } from "./run-steps";

const POLL_MS = 500;

type Props = { id: string; canApply: boolean; retry: boolean; bucket: string; irreversible: string[]; runId?: string };

export function ApplyPanel({ id, canApply, retry, bucket, irreversible, runId: initialRun }: Props) {
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult<object>>();
  const [runId, setRunId] = useState(initialRun);
  const [run, setRun] = useState<RunSnapshot>();
  const started = useRef<string>(undefined);

  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Refresh the page (status, history) only when a run ended while watching, not for an old run.
    let watching = false;
    const tick = async () => {
      const res = await savedPlanProgress(runId).catch(() => undefined);
      if (stopped || !res?.ok) return;
      setRun(res.run);
      if (res.run.status === "running") {
        watching = true;
        timer = setTimeout(tick, POLL_MS);
      } else if (watching || started.current === runId) setTimeout(() => router.refresh(), 300); // the plan's status is recorded right after the run ends
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [runId, router]);

  const apply = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      const res = await applySavedPlan({ id, confirm });
      setResult(res);
      if (res.ok && res.result.ok && res.result.kind === "apply") {
        started.current = res.result.runId;
        setRunId(res.result.runId);
      }
    } catch (e) {
      setResult({ ok: false, message: `Apply failed to start: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const running = busy || run?.status === "running";
  const confirmed = irreversible.length === 0 || confirm.trim() === bucket;
  return (
    <section className="card stack-sm" aria-labelledby="plan-apply-title" aria-busy={running}>
      <h2 id="plan-apply-title">{canApply ? "Apply" : "Last apply run"}</h2>
      {canApply ? (
        <>
          <p className="muted">
            Lockbridge re-reads both accounts first and applies only if the live state still gives exactly the approved changes; otherwise
            it refuses and says what drifted.
          </p>
          {irreversible.length > 0 ? (
            <div className="field">
              <label htmlFor="plan-apply-confirm">Type the destination bucket name ({bucket}) to confirm</label>
              <input
                id="plan-apply-confirm"
                className="input mono"
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                aria-describedby="plan-apply-confirm-hint"
              />
              <span className="hint" id="plan-apply-confirm-hint">
                Irreversible: {irreversible.join("; ")}. Object Lock can never be turned off and versioning never suspended.
              </span>
            </div>
          ) : null}
          <div className="actions">
            <Button variant="primary" onClick={() => void apply()} disabled={running || !confirmed}>
              {running ? "Applying…" : retry ? "Retry apply" : "Apply approved plan"}
            </Button>
          </div>
        </>
      ) : null}
      <ActionNotice result={result} />
      <p className="visually-hidden" role="status" aria-live="polite">
        {run?.message ?? ""}
      </p>
      {run ? <RunSteps run={run} /> : null}
      {!canApply && !run ? (
        <p className="muted">
          The run&apos;s step-by-step progress is no longer in this server&apos;s memory; the history below and the audit log record it.
        </p>
      ) : null}
    </section>
  );
}
