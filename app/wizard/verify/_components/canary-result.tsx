// Presentational parts of Verify: the retention warning, the verdict with the replica's lock details, and
// the write calls made (what the audit log records).
import type { CanaryCheck, RetentionNotice } from "@/lib/aws/canary";
import type { WriteSummary } from "../server";

const period = (r: NonNullable<RetentionNotice["retention"]>) =>
  r.years ? `${r.years} year${r.years === 1 ? "" : "s"}` : `${r.days ?? 0} day${r.days === 1 ? "" : "s"}`;

export function RetentionWarning({ notice, sandbox }: { notice: RetentionNotice; sandbox: boolean }) {
  const r = notice.retention;
  const from =
    notice.source === "live" ? "The vault's default retention" : "The planned default retention (the live one could not be read)";
  return (
    <div className="stack-sm">
      {r ? (
        <div className={`notice ${r.mode === "COMPLIANCE" ? "notice-error" : "notice-warn"}`}>
          <strong>
            {from}: {r.mode}, {period(r)}
          </strong>
          {r.mode === "COMPLIANCE"
            ? "The canary's replica in the vault cannot be deleted by anyone, the root user included, until its retention expires: "
            : "The canary's replica can only be deleted early by someone allowed s3:BypassGovernanceRetention; otherwise it stays until "}
          <span className="mono">{notice.retainUntilIfNow}</span> if uploaded now (the exact date is read from the replica below). The
          source object can be deleted as usual.
        </div>
      ) : (
        <div className="notice">
          <strong>No default retention{notice.source === "live" ? " on the vault" : " known"}</strong>
          The canary&apos;s replica will not be locked by a default retention.
        </div>
      )}
      {notice.readError ? <p className="hint">Reading the vault&apos;s Object Lock configuration failed: {notice.readError}</p> : null}
      {sandbox ? (
        <p className="hint">
          Sandbox: a local replication engine replicates like S3, deciding every permission with the same simulation as Diagnostics, and
          names the cause when replication fails. It does not see SCPs or RCPs and has no real latency.
        </p>
      ) : null}
    </div>
  );
}

const TONE: Record<CanaryCheck["state"], string> = {
  completed: "notice-ok",
  failed: "notice-error",
  pending: "notice-warn",
  "no-status": "notice-warn",
  waiting: "",
};

export function CanaryResult({ check }: { check: CanaryCheck }) {
  const r = check.replica;
  return (
    <div className={`notice ${TONE[check.state]}`} data-canary-state={check.state}>
      <strong>{check.message}</strong>
      {check.reasons.length > 0 ? (
        <ul className="problem-list">
          {check.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {r ? (
        <table className="replica">
          <caption className="visually-hidden">The replica in the vault, read with the destination credentials</caption>
          <tbody>
            <tr>
              <th scope="row">Replication status</th>
              <td className="mono">{r.status ?? "—"}</td>
            </tr>
            <tr>
              <th scope="row">Version ID</th>
              <td className="mono">{r.versionId ?? "—"}</td>
            </tr>
            <tr>
              <th scope="row">Object Lock mode</th>
              <td className="mono">{r.lockMode ?? "none"}</td>
            </tr>
            <tr>
              <th scope="row">Retain until</th>
              <td className="mono">{r.retainUntil ?? "—"}</td>
            </tr>
            <tr>
              <th scope="row">Legal hold</th>
              <td className="mono">{r.legalHold ?? "OFF"}</td>
            </tr>
            <tr>
              <th scope="row">Encryption</th>
              <td className="mono">
                {r.sse ?? "—"}
                {r.kmsKeyId ? ` (${r.kmsKeyId})` : ""}
              </td>
            </tr>
          </tbody>
        </table>
      ) : null}
      {check.checks ? (
        <ul className="plain-list">
          {check.checks.map((c) => (
            <li key={c.text}>
              <span aria-hidden="true">{c.ok ? "✓ " : "✗ "}</span>
              <span className="visually-hidden">{c.ok ? "Passed: " : "Problem: "}</span>
              {c.text}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function WriteList({ writes }: { writes: WriteSummary[] }) {
  if (writes.length === 0) return null;
  return (
    <section className="card" aria-labelledby="writes-title">
      <h2 id="writes-title">Write calls made (recorded in the audit log)</h2>
      <ul className="plain-list">
        {writes.map((w, i) => (
          <li key={i}>
            <span className="mono">{w.api}</span> {w.target}: {w.result === "ok" ? "done" : `failed (${w.error ?? "error"})`}
            {w.requestId ? (
              <span className="muted">
                {" "}
                — request ID <span className="mono">{w.requestId}</span>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
