"use client";
// "Create Batch Replication job" and the job status panel (one DescribeJob every few seconds until the job
// ends). Results are announced in a polite live region.
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import type { JobView } from "@/lib/aws/batch";
import { useDraft } from "../../_components/draft-provider";
import { WriteList } from "../../verify/_components/canary-result";
import { batchJobStatus, createBatchJob, type CreateBatchJobResult } from "../actions";

const POLL_MS = 5000;
const messageOf = (r: { message: string } | { fieldErrors: Record<string, string> }) =>
  "message" in r
    ? r.message
    : `Fix the wizard first: ${Object.entries(r.fieldErrors)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ")}`;

function JobStatus({ jobId }: { jobId: string }) {
  const { values } = useDraft();
  const [job, setJob] = useState<JobView | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const r = await batchJobStatus({ input: values, jobId });
      if (stop) return;
      if (!r.ok) return setError(messageOf(r));
      setJob(r.job);
      if (!r.job.done) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
    // One poll loop per job.
  }, [jobId]);
  if (error) return <div className="notice notice-error">{error}</div>;
  if (!job) return <p className="muted">Reading the job status…</p>;
  const p = job.progress;
  return (
    <div className={`notice ${job.status === "Complete" ? "notice-ok" : job.status === "Failed" ? "notice-error" : ""}`}>
      <strong>
        Job {job.jobId}: {job.status}
      </strong>
      {p.total !== null ? (
        <p>
          <progress max={p.total} value={p.succeeded + p.failed} aria-label="Tasks processed" /> {p.succeeded + p.failed} of {p.total}{" "}
          objects processed ({p.percent}%): {p.succeeded} replicated, {p.failed} failed.
        </p>
      ) : (
        <p>S3 is still listing the eligible objects.</p>
      )}
      {job.statusUpdateReason ? <p>{job.statusUpdateReason}</p> : null}
      {job.failureReasons.length > 0 ? (
        <ul className="problem-list">
          {job.failureReasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      {job.reportUri ? (
        <p>
          Completion report: <span className="mono">{job.reportUri}</span>
          {job.done ? "" : " (written when the job ends)"}
        </p>
      ) : null}
      {job.done && p.failed > 0 ? (
        <p>
          Each failed object is listed in the completion report with S3&apos;s failure reason (for example AssumeRoleNotPermitted or
          DstPutObjectNotPermitted); fix the cause, then run a new job for the FAILED status.
        </p>
      ) : null}
      {job.manifestUri ? (
        <p>
          Generated manifest: <span className="mono">{job.manifestUri}</span>
        </p>
      ) : null}
    </div>
  );
}

export function BatchJobPanel({ ready }: { ready: boolean }) {
  const { values } = useDraft();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CreateBatchJobResult | undefined>();
  const create = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      setResult(await createBatchJob(values));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card stack" aria-labelledby="eo-job">
      <h2 id="eo-job">Batch Replication job</h2>
      <p className="hint">
        Lockbridge creates or completes the batch role in the source account, then asks S3 to start the job (no confirmation step). Run it
        after the replication rule is applied. Sending the same job twice starts it once.
      </p>
      <div className="actions">
        <Button variant="primary" onClick={create} disabled={!ready || busy}>
          {busy ? "Creating…" : "Create Batch Replication job"}
        </Button>
      </div>
      <div aria-live="polite" className="stack-sm">
        {result && !result.ok ? (
          <div className="notice notice-error" role="alert">
            {messageOf(result)}
          </div>
        ) : null}
        {result?.ok && result.outcome === "unsupported" ? (
          <div className="notice notice-warn">
            <strong>Not available on this endpoint</strong>
            {result.message}
          </div>
        ) : null}
        {result?.ok && result.outcome === "failed" ? (
          <div className="notice notice-error">
            <strong>The job was not created</strong>
            {result.message}
          </div>
        ) : null}
        {result?.ok && result.outcome === "created" ? (
          <>
            <div className="notice notice-ok">
              <strong>Job {result.jobId} created</strong>
              {result.roleWrites.length > 0 ? `Batch role: ${result.roleWrites.join("; ")}. ` : "The batch role was already in place. "}
              Report: <span className="mono">{result.reportUri}</span>
            </div>
            <JobStatus jobId={result.jobId} />
          </>
        ) : null}
        {result?.ok && "auditNote" in result && result.auditNote ? <p className="hint">{result.auditNote}</p> : null}
      </div>
      {result?.ok ? <WriteList writes={result.writes} /> : null}
    </section>
  );
}
