"use client";
// Live progress of one apply run, on both apply pages (the wizard's and a saved plan's): each change with
// its state and AWS request IDs, then the outcome: done, nothing to change, refused (why), failed (the
// step, AWS's error, what already changed and is kept), or handed over (files for the other account's
// admin). Page-specific buttons (Resume, Review again) come in through `actions`.
import type { ReactNode } from "react";
import { downloadText } from "@/components/download";
import { Button } from "@/components/ui/button";
import type { ChangeRun, RunSnapshot } from "@/lib/apply/types";

function stateLabel(c: ChangeRun, finished: boolean): string {
  if (c.state === "skipped")
    return c.skipReason === "handover" ? "Handed over" : c.skipReason === "blocked" ? "Waits for the other account" : "Already as planned";
  if (c.state === "waiting") return finished ? "Not started" : "Waiting";
  return { running: "Running…", done: "Done", failed: "Failed" }[c.state];
}

const TONE: Record<RunSnapshot["status"], string> = {
  running: "",
  succeeded: "notice-ok",
  "nothing-to-change": "notice-ok",
  partial: "notice-warn",
  failed: "notice-error",
  refused: "notice-error",
};

const TITLE: Record<RunSnapshot["status"], string> = {
  running: "Applying",
  succeeded: "Applied",
  "nothing-to-change": "Nothing to change",
  partial: "Applied what this server can reach",
  failed: "Stopped",
  refused: "Refused",
};

/** `nested`: inside another card (a saved plan's Apply panel): no card of its own, a level-3 heading. */
type Props = { run: RunSnapshot; title: string; titleId: string; actions?: ReactNode; nested?: boolean };

export function RunProgress({ run, title, titleId, actions, nested }: Props) {
  const finished = run.status !== "running";
  const H = nested ? "h3" : "h2";
  return (
    <section className={nested ? "stack" : "card stack"} aria-labelledby={titleId} aria-busy={!finished} data-run-status={run.status}>
      <H id={titleId}>{title}</H>
      <p className={`notice ${TONE[run.status]}`}>
        <strong>{TITLE[run.status]}</strong>
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
                  ({c.account} {c.accountId}, <span className="mono">{c.action}</span>)
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
        <div className="notice notice-error" aria-labelledby={`${titleId}-failure`}>
          <strong id={`${titleId}-failure`}>Failed at: {run.failure.step}</strong>
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
      {finished && actions ? <div className="actions">{actions}</div> : null}
    </section>
  );
}
