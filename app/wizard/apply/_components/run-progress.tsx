"use client";
// Live progress of one apply run: each change with its state and AWS request IDs, then the outcome:
// done, nothing to change, refused (why), failed (step, AWS error, what already changed, Resume), or
// handed over (downloads for the plan-only account's admin).
import { downloadText } from "@/components/download";
import { Button } from "@/components/ui/button";
import type { ChangeRun, RunSnapshot } from "@/lib/apply/types";

function stateLabel(c: ChangeRun, finished: boolean): string {
  if (c.state === "skipped")
    return c.skipReason === "handover" ? "Handed over" : c.skipReason === "blocked" ? "Waits for the other account" : "Already as planned";
  if (c.state === "waiting") return finished ? "Not started" : "Waiting";
  return { running: "Running…", done: "Done", failed: "Failed" }[c.state];
}

export function RunProgress({
  run,
  onResume,
  onReview,
  busy,
}: {
  run: RunSnapshot;
  onResume: () => void;
  onReview: () => void;
  busy: boolean;
}) {
  const finished = run.status !== "running";
  const tone =
    run.status === "succeeded" || run.status === "nothing-to-change"
      ? "notice-ok"
      : run.status === "partial"
        ? "notice-warn"
        : run.status === "running"
          ? ""
          : "notice-error";
  const canResume = run.status === "failed" || (run.status === "refused" && run.resumeOf !== undefined);
  return (
    <section className="card stack" aria-labelledby="apply-run-title" aria-busy={!finished}>
      <h2 id="apply-run-title">Apply run</h2>
      <p className={`notice ${tone}`}>
        <strong>
          {run.status === "nothing-to-change"
            ? "Nothing to change"
            : {
                running: "Applying",
                succeeded: "Applied",
                partial: "Applied what this server can reach",
                failed: "Stopped",
                refused: "Refused",
                "nothing-to-change": "",
              }[run.status]}
        </strong>
        {run.message}
      </p>
      {run.changes.length > 0 ? (
        <ol className="apply-progress" aria-label="Progress of each change">
          {run.changes.map((c) => (
            <li key={c.id} className={`apply-step state-${c.state}`} data-change={c.id} data-state={c.state}>
              <span className="apply-state">{stateLabel(c, finished)}</span>
              <span className="apply-what">
                {c.description}{" "}
                <span className="muted">
                  ({c.account} {c.accountId})
                </span>
              </span>
              {c.note && c.note !== stateLabel(c, finished) ? <span className="apply-note muted">{c.note}</span> : null}
              {c.requestIds.length > 0 ? (
                <span className="apply-note">
                  AWS request ID{c.requestIds.length > 1 ? "s" : ""}: <span className="mono">{c.requestIds.join(", ")}</span>
                </span>
              ) : null}
              {c.error ? (
                <span className="apply-note apply-error">
                  <span className="mono">{c.error.code}</span>: {c.error.message}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {run.refusal ? (
        <div className="notice notice-error">
          <strong>{run.refusal.reason}</strong>
          <ul className="problem-list">
            {run.refusal.details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {run.failure ? (
        <div className="notice notice-error" aria-labelledby="apply-failure-title">
          <strong id="apply-failure-title">Failed at: {run.failure.step}</strong>
          <p>
            AWS said <span className="mono">{run.failure.code}</span>: {run.failure.message}
            {run.failure.requestId ? (
              <>
                {" "}
                (request ID <span className="mono">{run.failure.requestId}</span>)
              </>
            ) : null}
          </p>
          <p>Already changed (kept, not rolled back):</p>
          <ul className="problem-list">
            {run.failure.alreadyChanged.length === 0 ? <li>Nothing.</li> : null}
            {run.failure.alreadyChanged.map((c) => (
              <li key={c.id}>
                {c.description} {c.requestIds.length > 0 ? <span className="mono">({c.requestIds.join(", ")})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {run.handover ? (
        <div className="notice notice-warn">
          <strong>
            Hand over to the {run.handover.account} account&apos;s admin ({run.handover.accountId})
          </strong>
          <p>{run.handover.message}</p>
          <div className="actions">
            {run.handover.files.map((f) => (
              <Button key={f.name} onClick={() => downloadText(f.name, f.content, f.mime)}>
                Download {f.name}
              </Button>
            ))}
          </div>
        </div>
      ) : null}
      {finished ? (
        <div className="actions">
          {canResume ? (
            <Button variant="primary" onClick={onResume} disabled={busy}>
              Resume
            </Button>
          ) : null}
          {run.status === "refused" || run.status === "failed" ? (
            <Button onClick={onReview} disabled={busy}>
              Review again
            </Button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
