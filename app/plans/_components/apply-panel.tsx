"use client";
// Apply an approved plan: typed confirmation for irreversible changes, then live progress (the shared
// RunProgress and useRunProgress of both apply pages). A refusal (drift since approval) says what drifted.
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { RunProgress } from "@/app/_components/run-progress";
import { Button } from "@/components/ui/button";
import { useRunProgress } from "@/app/_components/use-run-progress";
import { type ActionResult, applySavedPlan, savedPlanProgress } from "../actions";
import { ActionNotice } from "./action-notice";

type Props = { id: string; canApply: boolean; retry: boolean; bucket: string; irreversible: string[]; runId?: string };

export function ApplyPanel({ id, canApply, retry, bucket, irreversible, runId: initialRun }: Props) {
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult<object>>();
  const [runId, setRunId] = useState(initialRun);
  const started = useRef<string>(undefined);
  // The plan's status and history are recorded right after its run ends: refresh them then, but not for
  // an old run shown on opening the page.
  const { run } = useRunProgress(runId, savedPlanProgress, (_, watched) => {
    if (watched || started.current === runId) setTimeout(() => router.refresh(), 300);
  });

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
      <h2 id="plan-apply-title">{canApply ? "Apply" : "Apply runs"}</h2>
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
      {run ? <RunProgress run={run} title={canApply ? "Apply run" : "Last apply run"} titleId="plan-run-title" nested /> : null}
      {!canApply && !run ? (
        <p className="muted">
          The run&apos;s step-by-step progress is no longer in this server&apos;s memory; the history below and the audit log record it.
        </p>
      ) : null}
    </section>
  );
}
